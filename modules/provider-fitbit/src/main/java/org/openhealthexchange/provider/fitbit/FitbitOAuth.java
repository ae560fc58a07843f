package org.openhealthexchange.provider.fitbit;

import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.util.Set;
import org.openhealthexchange.core.spi.AuthorizationRequest;
import org.openhealthexchange.core.spi.OAuthLinking;
import org.openhealthexchange.core.spi.ProviderException;
import org.openhealthexchange.core.spi.TokenGrant;
import org.openhealthexchange.provider.fitbit.config.Fitbit;

/** Linking a Fitbit account: authorization code with PKCE (S256) at the configured generation's endpoints. */
@Identifier(Fitbit.ID)
@ApplicationScoped
public class FitbitOAuth implements OAuthLinking {

    private final FitbitGenerations generations;

    public FitbitOAuth(FitbitGenerations generations) {
        this.generations = generations;
    }

    @Override
    public String providerId() {
        return Fitbit.ID;
    }

    @Override
    public boolean usesPkce() {
        return true;
    }

    @Override
    public URI authorizationUrl(AuthorizationRequest request) {
        return generations.configured().authorizationUrl(request);
    }

    @Override
    public TokenGrant exchange(String code, String redirectUri, String codeVerifier) throws ProviderException {
        return generations.active().exchange(code, redirectUri, codeVerifier);
    }

    @Override
    public TokenGrant refresh(String refreshToken) throws ProviderException {
        return generations.active().refresh(refreshToken);
    }

    /** At the OAuth server that issued the grant, whatever generation new links use now. */
    @Override
    public TokenGrant refresh(String refreshToken, Set<String> grantedScopes) throws ProviderException {
        return generations.forScopes(grantedScopes).refresh(refreshToken);
    }

    @Override
    public void revoke(TokenGrant grant) throws ProviderException {
        generations.forScopes(grant.scopes()).revoke(grant);
    }
}
