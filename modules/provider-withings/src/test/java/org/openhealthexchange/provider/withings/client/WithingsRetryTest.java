package org.openhealthexchange.provider.withings.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.openhealthexchange.provider.withings.FakeWithings.golden;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openhealthexchange.core.http.Retrier;
import org.openhealthexchange.core.http.RetryPolicy;
import org.openhealthexchange.core.spi.ProviderException;
import org.openhealthexchange.core.spi.ProviderException.Kind;
import org.openhealthexchange.provider.withings.FakeWithings;
import org.openhealthexchange.provider.withings.config.WithingsSettings;
import org.openhealthexchange.testkit.RecordingTokens;

/** Per-call retries of the Withings client, with a sleeper that only records. */
class WithingsRetryTest {

    final FakeWithings withings = new FakeWithings();
    final List<Duration> slept = new ArrayList<>();
    final RetryPolicy policy = new RetryPolicy(4, Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofMinutes(1));
    final WithingsSettings settings =
            WithingsSettings.forApi(withings.baseUrl(), "id", "s").withRetry(policy);
    final WithingsApiClient client =
            new WithingsApiClient(settings, HttpClient.newHttpClient(), new Retrier(policy, slept::add, () -> 1.0));
    final RecordingTokens tokens = new RecordingTokens();
    final Map<String, String> getDevice = Map.of("action", "getdevice");

    @AfterEach
    void stop() {
        withings.close();
    }

    @Test
    void status601AndHttp5xxAreRetriedWithBackoffUntilTheCallSucceeds() throws Exception {
        withings.reply("/v2/user", "getdevice", golden("error-601.json"));
        withings.respond("/v2/user", "getdevice", call -> new FakeWithings.Reply(503, "<html>unavailable</html>"));
        withings.reply(
                "/v2/user",
                "getdevice",
                "{\"status\":522,\"body\":{},\"error\":\"Timeout\"}",
                golden("user-getdevice.json"));

        var body = client.call("/v2/user", getDevice, tokens);

        assertEquals(2, body.path("devices").size());
        assertEquals(4, withings.calls().size());
        assertEquals(List.of(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(400)), slept);
        assertEquals(List.of(), tokens.rejected());
    }

    @Test
    void aPersistent601EndsTheCallRateLimitedForWithingsMinute() {
        withings.reply("/v2/user", "getdevice", golden("error-601.json"));

        ProviderException e = assertThrows(ProviderException.class, () -> client.call("/v2/user", getDevice, tokens));

        assertEquals(Kind.RATE_LIMITED, e.kind());
        assertEquals(Duration.ofSeconds(60), e.retryAfter().orElseThrow(), "the job waits out Withings' window");
        assertEquals(4, withings.calls().size());
        assertEquals(3, slept.size());
    }

    @Test
    void parameterErrorsAreNotRetried() {
        withings.reply("/v2/user", "getdevice", "{\"status\":293,\"body\":{},\"error\":\"Invalid Params\"}");

        assertEquals(
                Kind.REJECTED,
                assertThrows(ProviderException.class, () -> client.call("/v2/user", getDevice, tokens))
                        .kind());
        assertEquals(1, withings.calls().size());
        assertEquals(List.of(), slept);
    }

    @Test
    void aRetriedCallStillRefreshesTheTokenOnlyOnce() throws Exception {
        withings.reply(
                "/v2/user", "getdevice", golden("error-401.json"), golden("error-601.json"), golden("error-401.json"));

        assertEquals(
                Kind.UNAUTHORIZED,
                assertThrows(ProviderException.class, () -> client.call("/v2/user", getDevice, tokens))
                        .kind());
        assertEquals(List.of("token-0"), tokens.rejected(), "one refresh per call");
        assertEquals(3, withings.calls().size());
    }

    @Test
    void subscribeIsRepeatedAfterARateRefusalButNotAfterAServerError() throws Exception {
        Map<String, String> subscribe = new LinkedHashMap<>();
        subscribe.put("action", "subscribe");
        subscribe.put("callbackurl", "https://ohe.example/webhooks/withings/");
        subscribe.put("appli", "1");
        withings.respond("/notify", "subscribe", call -> new FakeWithings.Reply(502, "bad gateway"));

        assertEquals(
                Kind.UNAVAILABLE,
                assertThrows(ProviderException.class, () -> client.call("/notify", subscribe, tokens))
                        .kind());
        assertEquals(1, withings.calls().size(), "the subscription may exist: not repeated");

        var other = new FakeWithings();
        try {
            var c = new WithingsApiClient(
                    WithingsSettings.forApi(other.baseUrl(), "id", "s"),
                    HttpClient.newHttpClient(),
                    new Retrier(policy, slept::add, () -> 0.0));
            other.reply("/notify", "subscribe", golden("error-601.json"), "{\"status\":0,\"body\":{}}");
            c.call("/notify", subscribe, tokens);
            assertEquals(2, other.calls().size(), "601: Withings did nothing, so the subscribe is repeated");
        } finally {
            other.close();
        }
    }

    @Test
    void theTokenEndpointIsRepeatedOnlyAfterARateRefusal() throws Exception {
        Map<String, String> refresh = Map.of("action", "requesttoken", "grant_type", "refresh_token");
        withings.reply("/v2/oauth2", "requesttoken", golden("error-601.json"), "{\"status\":0,\"body\":{}}");
        assertEquals(0, client.postToken("/v2/oauth2", refresh).status());
        assertEquals(2, withings.calls().size());

        var other = new FakeWithings();
        try {
            var c = new WithingsApiClient(
                    WithingsSettings.forApi(other.baseUrl(), "id", "s"),
                    HttpClient.newHttpClient(),
                    new Retrier(policy, slept::add, () -> 0.0));
            other.respond("/v2/oauth2", "requesttoken", call -> new FakeWithings.Reply(500, "oops"));
            assertEquals(
                    Kind.UNAVAILABLE,
                    assertThrows(ProviderException.class, () -> c.postToken("/v2/oauth2", refresh))
                            .kind());
            assertEquals(1, other.calls().size(), "the refresh may have rotated the token: not repeated");
        } finally {
            other.close();
        }
    }

    @Test
    void oneFetchSharesOneBudget() throws Exception {
        var tight = new RetryPolicy(10, Duration.ofMillis(400), Duration.ofMillis(400), Duration.ofMillis(1000));
        var c = new WithingsApiClient(settings, HttpClient.newHttpClient(), new Retrier(tight, slept::add, () -> 1.0))
                .forFetch();
        withings.reply(
                "/v2/user",
                "getdevice",
                golden("error-601.json"),
                golden("error-601.json"),
                golden("user-getdevice.json"),
                golden("error-601.json"));

        c.call("/v2/user", getDevice, tokens);
        ProviderException e = assertThrows(ProviderException.class, () -> c.call("/v2/user", getDevice, tokens));

        assertEquals(Kind.RATE_LIMITED, e.kind());
        assertEquals(List.of(Duration.ofMillis(400), Duration.ofMillis(400)), slept, "0.2 s left: no third wait");
    }
}
