package org.openhealthexchange.provider.fitbit.google;

import java.net.URI;
import java.time.Clock;
import org.openhealthexchange.core.http.HttpTimeouts;
import org.openhealthexchange.core.http.Retrier;
import org.openhealthexchange.core.spi.AccessTokenSource;
import org.openhealthexchange.core.spi.AuthorizationRequest;
import org.openhealthexchange.core.spi.FetchOutcome;
import org.openhealthexchange.core.spi.FetchRequest;
import org.openhealthexchange.core.spi.ProviderException;
import org.openhealthexchange.core.spi.RecordBatchConsumer;
import org.openhealthexchange.core.spi.TokenGrant;
import org.openhealthexchange.provider.fitbit.config.Fitbit;
import org.openhealthexchange.provider.fitbit.config.FitbitApi;
import org.openhealthexchange.provider.fitbit.config.FitbitSettings;
import org.openhealthexchange.provider.fitbit.google.client.GoogleHealthHttp;
import org.openhealthexchange.provider.fitbit.google.client.GoogleOAuthClient;

/**
 * The Google Health API ({@code https://health.googleapis.com/v4}) behind Google OAuth 2.0, in four parts: OAuth
 * ({@link GoogleOAuthClient}: PKCE, token calls, revoke, the {@code healthUserId} from {@code users/me/identity}),
 * HTTP ({@link GoogleHealthHttp}: core's toolkit with the per-user budget of 300 calls a minute and one refresh per
 * call after a 401), paging ({@code client/DataPointPages}) and fetch/mapping ({@link GoogleHealthFetch} with
 * {@link GoogleHealthParser}). A year's backfill is about 150 requests, within the API's 300 a minute per user.
 * Transient failures (5xx, 429 with its {@code Retry-After} or {@code RetryInfo}, resets, timeouts) are retried per
 * call within one budget per fetch ({@code ohe.provider.fitbit.retry.*}); a spent client-side budget or a delay
 * beyond the fetch's budget ends the fetch with {@code RATE_LIMITED}.
 *
 * <p>Subscriptions: the Google Health API registers one subscriber per project (not per user) whose data types use
 * the {@code AUTOMATIC} creation policy: every consenting user's changes are notified without a per-user
 * subscription. {@link #subscribe} and {@link #unsubscribe} are therefore no-ops; the subscriber is registered once
 * by an operator ({@code projects.subscribers.create}).
 */
public class GoogleHealthApi implements FitbitApi {

    private final GoogleOAuthClient oauth;
    private final GoogleHealthFetch fetch;

    public GoogleHealthApi(FitbitSettings settings) {
        this(settings, Clock.systemUTC());
    }

    GoogleHealthApi(FitbitSettings settings, Clock clock) {
        this(settings, clock, Retrier.of(settings.retry()));
    }

    GoogleHealthApi(FitbitSettings settings, Clock clock, Retrier retrier) {
        var g = settings.google();
        GoogleHealthHttp http =
                new GoogleHealthHttp(HttpTimeouts.of(settings.requestTimeout()), retrier, g.requestsPerMinute(), clock);
        this.oauth = new GoogleOAuthClient(
                new GoogleOAuthClient.Endpoints(
                        g.clientId(),
                        g.clientSecret(),
                        g.authorizeUrl(),
                        g.tokenUrl(),
                        g.revokeUrl(),
                        g.apiBaseUrl(),
                        g.scopes()),
                http,
                clock);
        this.fetch = new GoogleHealthFetch(settings, clock, http);
    }

    @Override
    public String generation() {
        return Fitbit.GOOGLE_HEALTH;
    }

    @Override
    public URI authorizationUrl(AuthorizationRequest request) {
        return oauth.authorizationUrl(request);
    }

    @Override
    public TokenGrant exchange(String code, String redirectUri, String codeVerifier) throws ProviderException {
        return oauth.exchange(code, redirectUri, codeVerifier);
    }

    @Override
    public TokenGrant refresh(String refreshToken) throws ProviderException {
        return oauth.refresh(refreshToken);
    }

    @Override
    public void revoke(TokenGrant grant) throws ProviderException {
        oauth.revoke(grant);
    }

    @Override
    public FetchOutcome fetch(FetchRequest request, RecordBatchConsumer out) throws ProviderException {
        return fetch.fetch(request, out);
    }

    /** No-op: subscribers use the {@code AUTOMATIC} policy (see the class comment). */
    @Override
    public void subscribe(AccessTokenSource tokens, String callbackUrl) {
        // nothing per user
    }

    /** No-op: revoking the grant stops the notifications for this user. */
    @Override
    public void unsubscribe(AccessTokenSource tokens, String callbackUrl) {
        // nothing per user
    }
}
