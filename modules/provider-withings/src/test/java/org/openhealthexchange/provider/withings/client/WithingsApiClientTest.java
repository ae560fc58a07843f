package org.openhealthexchange.provider.withings.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.openhealthexchange.provider.withings.FakeWithings.golden;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openhealthexchange.core.http.RetryPolicy;
import org.openhealthexchange.core.spi.ProviderException;
import org.openhealthexchange.core.spi.ProviderException.Kind;
import org.openhealthexchange.provider.withings.FakeWithings;
import org.openhealthexchange.provider.withings.config.WithingsSettings;
import org.openhealthexchange.testkit.RecordingTokens;

class WithingsApiClientTest {

    final FakeWithings withings = new FakeWithings();
    /** Without per-call retries: what one attempt does. */
    final WithingsApiClient client = new WithingsApiClient(
            WithingsSettings.forApi(withings.baseUrl(), "id", "s").withRetry(RetryPolicy.none()));

    final RecordingTokens tokens = new RecordingTokens();
    final Map<String, String> getDevice = Map.of("action", "getdevice");

    @AfterEach
    void stop() {
        withings.close();
    }

    @Test
    void postsAFormWithTheBearerTokenAndReturnsTheBody() throws Exception {
        withings.reply("/v2/user", "getdevice", golden("user-getdevice.json"));

        var body = client.call("/v2/user", getDevice, tokens);

        assertEquals(2, body.path("devices").size());
        assertEquals(List.of(new FakeWithings.Call("/v2/user", getDevice, "Bearer token-0")), withings.calls());
    }

    @Test
    void anInvalidTokenIsRefreshedOnceAndTheCallRepeated() throws Exception {
        withings.reply("/v2/user", "getdevice", golden("error-401.json"), golden("user-getdevice.json"));

        var body = client.call("/v2/user", getDevice, tokens);

        assertEquals(2, body.path("devices").size());
        assertEquals(List.of("token-0"), tokens.rejected());
        assertEquals(
                List.of("Bearer token-0", "Bearer token-1"),
                withings.calls().stream().map(FakeWithings.Call::authorization).toList());
    }

    @Test
    void aSecondInvalidTokenIsUnauthorizedWithoutAThirdTry() {
        withings.reply("/v2/user", "getdevice", golden("error-401.json"));

        ProviderException e = assertThrows(ProviderException.class, () -> client.call("/v2/user", getDevice, tokens));

        assertEquals(Kind.UNAUTHORIZED, e.kind());
        assertEquals("401", e.vendorCode().orElseThrow());
        assertEquals(List.of("token-0"), tokens.rejected());
        assertEquals(2, withings.calls().size());
    }

    @Test
    void tooManyRequestsIsRateLimitedForAMinute() {
        withings.reply("/v2/user", "getdevice", golden("error-601.json"));

        ProviderException e = assertThrows(ProviderException.class, () -> client.call("/v2/user", getDevice, tokens));

        assertEquals(Kind.RATE_LIMITED, e.kind());
        assertEquals("601", e.vendorCode().orElseThrow());
        assertEquals(Duration.ofSeconds(60), e.retryAfter().orElseThrow());
        assertEquals(List.of(), tokens.rejected());
    }

    @Test
    void vendorStatusesMapToFailureKinds() {
        assertKind(100, Kind.UNAUTHORIZED);
        assertKind(2555, Kind.UNAUTHORIZED);
        assertKind(522, Kind.UNAVAILABLE);
        assertKind(503, Kind.REJECTED);
        assertKind(293, Kind.REJECTED);
    }

    @Test
    void httpServerErrorsAndUnreadableRepliesAreTransportFailures() {
        withings.respond("/v2/user", "getdevice", call -> new FakeWithings.Reply(502, "<html>bad gateway</html>"));
        withings.respond("/v2/user", "getdevice", call -> new FakeWithings.Reply(200, "<html>maintenance</html>"));

        assertEquals(
                Kind.UNAVAILABLE,
                assertThrows(ProviderException.class, () -> client.call("/v2/user", getDevice, tokens))
                        .kind());
        assertEquals(
                Kind.BAD_RESPONSE,
                assertThrows(ProviderException.class, () -> client.call("/v2/user", getDevice, tokens))
                        .kind());
    }

    @Test
    void anUnreachableApiIsUnavailable() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        var unreachable = new WithingsApiClient(WithingsSettings.forApi("http://127.0.0.1:" + closedPort, "i", "s")
                .withRetry(RetryPolicy.none()));

        ProviderException e =
                assertThrows(ProviderException.class, () -> unreachable.call("/v2/user", getDevice, tokens));

        assertEquals(Kind.UNAVAILABLE, e.kind());
    }

    @Test
    void pagingFollowsOffsetWhileMoreIsSetAndRefusesAnOffsetThatDoesNotAdvance() throws Exception {
        withings.reply(
                "/v2/heart",
                "list",
                "{\"status\":0,\"body\":{\"series\":[1],\"more\":true,\"offset\":1}}",
                "{\"status\":0,\"body\":{\"series\":[2],\"more\":true,\"offset\":1}}");

        ProviderException e = assertThrows(
                ProviderException.class,
                () -> WithingsPages.each(client, "/v2/heart", Map.of("action", "list"), tokens, body -> {}));

        assertEquals(Kind.BAD_RESPONSE, e.kind());
        assertEquals(
                Arrays.asList(null, "1"),
                withings.calls().stream().map(c -> c.form().get("offset")).toList());
    }

    private void assertKind(int status, Kind kind) {
        var reply = new WithingsEnvelope(status, null, "x");
        assertEquals(kind, WithingsStatus.toException(reply, "test").kind(), "status " + status);
        assertEquals(
                Integer.toString(status),
                WithingsStatus.toException(reply, "test").vendorCode().orElseThrow());
    }
}
