package org.openhealthexchange.provider.withings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.openhealthexchange.provider.withings.FakeWithings.golden;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openhealthexchange.core.spi.AuthorizationRequest;
import org.openhealthexchange.core.spi.ProviderException;
import org.openhealthexchange.core.spi.ProviderException.Kind;
import org.openhealthexchange.core.spi.TokenGrant;
import org.openhealthexchange.provider.withings.client.WithingsApiClient;
import org.openhealthexchange.provider.withings.config.WithingsSettings;

class WithingsOAuthTest {

    static final Instant NOW = Instant.parse("2024-06-01T12:00:00Z");

    final FakeWithings withings = new FakeWithings();
    final WithingsSettings settings = WithingsSettings.forApi(withings.baseUrl(), "my-client", "my-secret");
    final WithingsOAuth oauth =
            new WithingsOAuth(settings, new WithingsApiClient(settings), Clock.fixed(NOW, ZoneOffset.UTC));

    @AfterEach
    void stop() {
        withings.close();
    }

    @Test
    void authorizationUrlCarriesClientStateCommaScopesAndRedirect() {
        var url = oauth.authorizationUrl(new AuthorizationRequest("st&ate", "https://ohe.example/cb?x=1", null));

        assertEquals(
                "https://account.withings.com/oauth2_user/authorize2?response_type=code&client_id=my-client"
                        + "&state=st%26ate&scope=user.info,user.metrics,user.activity"
                        + "&redirect_uri=https%3A%2F%2Fohe.example%2Fcb%3Fx%3D1",
                url.toString());
        assertFalse(oauth.usesPkce());
        assertEquals("withings", oauth.providerId());
    }

    @Test
    void linkingCannotStartWithoutAClientId() {
        var noClient = new WithingsOAuth(
                WithingsSettings.forApi(withings.baseUrl(), null, null),
                new WithingsApiClient(settings),
                Clock.systemUTC());

        assertThrows(
                IllegalStateException.class,
                () -> noClient.authorizationUrl(new AuthorizationRequest("s", "https://ohe.example/cb", null)));
    }

    @Test
    void theCodeIsExchangedWithRequesttokenAndTheClientSecret() throws Exception {
        withings.reply("/v2/oauth2", "requesttoken", golden("oauth2-requesttoken.json"));

        TokenGrant grant = oauth.exchange("the-code", "https://ohe.example/cb", "ignored-verifier");

        assertEquals(
                new TokenGrant(
                        "363",
                        "a075f8c14fb8df40b08ebc8508533dc332a6910a",
                        "f631236f02b991810feb774765b6ae8e6c6839ca",
                        NOW.plusSeconds(10800),
                        Set.of("user.info", "user.metrics", "user.activity")),
                grant);
        var call = withings.calls().get(0);
        assertEquals(
                Map.of(
                        "action",
                        "requesttoken",
                        "grant_type",
                        "authorization_code",
                        "client_id",
                        "my-client",
                        "client_secret",
                        "my-secret",
                        "code",
                        "the-code",
                        "redirect_uri",
                        "https://ohe.example/cb"),
                call.form());
        assertEquals(null, call.authorization(), "the token endpoint takes no bearer token");
    }

    @Test
    void refreshUsesTheSameActionWithTheRefreshGrant() throws Exception {
        withings.reply("/v2/oauth2", "requesttoken", golden("oauth2-refresh.json"));

        TokenGrant grant = oauth.refresh("old-refresh");

        assertEquals("9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d", grant.refreshToken());
        assertEquals(
                Map.of(
                        "action",
                        "requesttoken",
                        "grant_type",
                        "refresh_token",
                        "client_id",
                        "my-client",
                        "client_secret",
                        "my-secret",
                        "refresh_token",
                        "old-refresh"),
                withings.calls().get(0).form());
    }

    @Test
    void aRefusedRefreshMeansTheGrantIsGone() {
        for (String reply : List.of(
                golden("error-invalid-refresh-token.json"),
                "{\"status\":100,\"body\":{},\"error\":\"Authentication failed\"}",
                "{\"status\":2555,\"body\":{},\"error\":\"An unknown error occurred\"}")) {
            withings.reply("/v2/oauth2", "requesttoken", reply);

            ProviderException e = assertThrows(ProviderException.class, () -> oauth.refresh("dead"));

            assertEquals(Kind.GRANT_REVOKED, e.kind(), reply);
            assertFalse(e.retryable());
        }
    }

    @Test
    void aRateLimitedRefreshIsRetryableNotRevoked() {
        withings.reply("/v2/oauth2", "requesttoken", golden("error-601.json"));

        ProviderException e = assertThrows(ProviderException.class, () -> oauth.refresh("fine"));

        assertEquals(Kind.RATE_LIMITED, e.kind());
    }

    @Test
    void anExpiredCodeIsRejected() {
        withings.reply(
                "/v2/oauth2",
                "requesttoken",
                "{\"status\":503,\"body\":{},\"error\":\"Invalid Params: invalid code\"}");

        ProviderException e =
                assertThrows(ProviderException.class, () -> oauth.exchange("stale", "https://ohe.example/cb", null));

        assertEquals(Kind.REJECTED, e.kind());
        assertEquals("503", e.vendorCode().orElseThrow());
    }

    @Test
    void revokeCallsNothing() {
        oauth.revoke(new TokenGrant("363", "a", "r", NOW, Set.of()));

        assertEquals(List.of(), withings.calls());
    }
}
