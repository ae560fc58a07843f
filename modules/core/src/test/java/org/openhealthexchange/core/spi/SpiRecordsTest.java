package org.openhealthexchange.core.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SpiRecordsTest {

    @Test
    void tokenGrantsNeverPrintTheirTokens() {
        var grant = new TokenGrant("u-1", "secret-access", "secret-refresh", Instant.EPOCH, Set.of("user.metrics"));
        assertFalse(grant.toString().contains("secret"));
    }

    @Test
    void inboundRequestHeadersAreCaseInsensitive() {
        var req = new InboundRequest("post", Map.of("X-Withings-Signature", List.of("sha256=ab")), Map.of(), null);
        assertEquals(Optional.of("sha256=ab"), req.header("x-withings-signature"));
        assertEquals("POST", req.method());
        assertEquals(0, req.body().length);
    }

    @Test
    void aFetchWindowMustNotBeEmpty() {
        var t = Instant.parse("2025-01-01T00:00:00Z");
        assertThrows(
                IllegalArgumentException.class,
                () -> new FetchRequest("u", "x", t, t, Set.of(), Optional.empty(), null));
    }

    @Test
    void onlyTransientProviderFailuresAreRetryable() {
        assertTrue(new ProviderException(ProviderException.Kind.RATE_LIMITED, "601", "slow down").retryable());
        assertFalse(new ProviderException(ProviderException.Kind.GRANT_REVOKED, "100", "gone").retryable());
    }

    @Test
    void publishResultsCountOutcomes() {
        var result = new PublishResult(List.of(
                new PublishResult.EntryOutcome("a", PublishResult.Status.CREATED, "Observation/1", null),
                new PublishResult.EntryOutcome("b", PublishResult.Status.FAILED, null, "422")));
        assertEquals(1, result.count(PublishResult.Status.CREATED));
        assertFalse(result.allSucceeded());
    }
}
