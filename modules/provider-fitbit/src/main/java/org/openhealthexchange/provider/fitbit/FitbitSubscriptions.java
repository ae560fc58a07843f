package org.openhealthexchange.provider.fitbit;

import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import org.openhealthexchange.core.spi.AccessTokenSource;
import org.openhealthexchange.core.spi.NotificationSubscriptions;
import org.openhealthexchange.core.spi.ProviderException;
import org.openhealthexchange.provider.fitbit.config.Fitbit;

/** Per-user notification subscriptions of the configured generation (a no-op where the vendor needs none). */
@Identifier(Fitbit.ID)
@ApplicationScoped
public class FitbitSubscriptions implements NotificationSubscriptions {

    private final FitbitGenerations generations;

    public FitbitSubscriptions(FitbitGenerations generations) {
        this.generations = generations;
    }

    @Override
    public String providerId() {
        return Fitbit.ID;
    }

    @Override
    public void subscribe(AccessTokenSource tokens, String callbackUrl) throws ProviderException {
        generations.forScopes(tokens.grantedScopes()).subscribe(tokens, callbackUrl);
    }

    @Override
    public void unsubscribe(AccessTokenSource tokens, String callbackUrl) throws ProviderException {
        generations.forScopes(tokens.grantedScopes()).unsubscribe(tokens, callbackUrl);
    }
}
