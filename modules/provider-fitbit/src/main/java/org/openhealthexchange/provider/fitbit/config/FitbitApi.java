package org.openhealthexchange.provider.fitbit.config;

import java.net.URI;
import org.openhealthexchange.core.spi.AccessTokenSource;
import org.openhealthexchange.core.spi.AuthorizationRequest;
import org.openhealthexchange.core.spi.FetchOutcome;
import org.openhealthexchange.core.spi.FetchRequest;
import org.openhealthexchange.core.spi.ProviderException;
import org.openhealthexchange.core.spi.RecordBatchConsumer;
import org.openhealthexchange.core.spi.TokenGrant;

/**
 * One Fitbit API generation (Google Health API or the legacy Fitbit Web API): its OAuth flow, its data fetch and
 * its per-user notification subscription. The CDI beans ({@code FitbitAdapter}, {@code FitbitOAuth},
 * {@code FitbitSubscriptions}) delegate to the configured generation.
 */
public interface FitbitApi {

    /** {@link Fitbit#GOOGLE_HEALTH} or {@link Fitbit#LEGACY}. */
    String generation();

    URI authorizationUrl(AuthorizationRequest request);

    TokenGrant exchange(String code, String redirectUri, String codeVerifier) throws ProviderException;

    TokenGrant refresh(String refreshToken) throws ProviderException;

    void revoke(TokenGrant grant) throws ProviderException;

    FetchOutcome fetch(FetchRequest request, RecordBatchConsumer out) throws ProviderException;

    /** Subscribes the user to notifications where the generation needs a per-user subscription. */
    void subscribe(AccessTokenSource tokens, String callbackUrl) throws ProviderException;

    void unsubscribe(AccessTokenSource tokens, String callbackUrl) throws ProviderException;
}
