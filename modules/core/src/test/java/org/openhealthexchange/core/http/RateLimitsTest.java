package org.openhealthexchange.core.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpHeaders;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class RateLimitsTest {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC);

    static HttpHeaders headers(Map<String, String> values) {
        return HttpHeaders.of(
                values.entrySet().stream()
                        .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> List.of(e.getValue()))),
                (a, b) -> true);
    }

    @Test
    void retryAfterInDelaySeconds() {
        assertEquals(Optional.of(Duration.ofSeconds(120)), RateLimits.retryAfter("120", CLOCK));
        assertEquals(Optional.of(Duration.ZERO), RateLimits.retryAfter(" 0 ", CLOCK));
        assertEquals(Optional.empty(), RateLimits.retryAfter("-5", CLOCK));
        assertEquals(Optional.empty(), RateLimits.retryAfter("1.5", CLOCK));
        assertEquals(Optional.empty(), RateLimits.retryAfter("999999999999", CLOCK), "garbage, not advice");
        assertEquals(Optional.empty(), RateLimits.retryAfter("", CLOCK));
        assertEquals(Optional.empty(), RateLimits.retryAfter((String) null, CLOCK));
        assertEquals(Optional.empty(), RateLimits.retryAfter("soon", CLOCK));
    }

    @Test
    void retryAfterAsAnHttpDateInAllThreeForms() {
        assertEquals(
                Optional.of(Duration.ofSeconds(30)), RateLimits.retryAfter("Tue, 01 Dec 2026 10:00:30 GMT", CLOCK));
        assertEquals(
                Optional.of(Duration.ofMinutes(2)), RateLimits.retryAfter("Tuesday, 01-Dec-26 10:02:00 GMT", CLOCK));
        assertEquals(Optional.of(Duration.ofHours(1)), RateLimits.retryAfter("Tue Dec  1 11:00:00 2026", CLOCK));
        assertEquals(
                Optional.of(Duration.ZERO),
                RateLimits.retryAfter("Tue, 01 Dec 2026 09:00:00 GMT", CLOCK),
                "a date in the past means now");
    }

    @Test
    void retryAfterFromHeaders() {
        assertEquals(
                Optional.of(Duration.ofSeconds(7)), RateLimits.retryAfter(headers(Map.of("Retry-After", "7")), CLOCK));
        assertEquals(Optional.empty(), RateLimits.retryAfter(headers(Map.of()), CLOCK));
    }

    @Test
    void googleRetryInfoInTheErrorDetails() {
        String body = "{\"error\":{\"code\":429,\"message\":\"Quota exceeded\",\"status\":\"RESOURCE_EXHAUSTED\","
                + "\"details\":[{\"@type\":\"type.googleapis.com/google.rpc.ErrorInfo\",\"reason\":\"RATE_LIMIT_EXCEEDED\"},"
                + "{\"@type\":\"type.googleapis.com/google.rpc.RetryInfo\",\"retryDelay\":\"1.5s\"}]}}";
        assertEquals(Optional.of(Duration.ofMillis(1500)), RateLimits.googleRetryInfo(body));
        assertEquals(
                Optional.of(Duration.ofSeconds(30)),
                RateLimits.googleRetryInfo("{\"error\":{\"details\":[{\"@type\":\"" + RateLimits.RETRY_INFO_TYPE
                        + "\",\"retryDelay\":{\"seconds\":30}}]}}"));
        assertEquals(Optional.empty(), RateLimits.googleRetryInfo("{\"error\":{\"code\":429}}"));
        assertEquals(Optional.empty(), RateLimits.googleRetryInfo("not json"));
        assertEquals(Optional.empty(), RateLimits.googleRetryInfo(null));
        assertEquals(
                Optional.empty(),
                RateLimits.googleRetryInfo("{\"error\":{\"details\":[{\"@type\":\"" + RateLimits.RETRY_INFO_TYPE
                        + "\",\"retryDelay\":\"-3s\"}]}}"));
    }

    @Test
    void legacyFitbitBudgetHeaders() {
        RateLimits.FitbitBudget spent = RateLimits.fitbitLegacy(
                headers(Map.of(RateLimits.FITBIT_REMAINING, "0", RateLimits.FITBIT_RESET, "1200")));
        assertEquals(OptionalInt.of(0), spent.remaining());
        assertEquals(Optional.of(Duration.ofMinutes(20)), spent.reset());
        assertTrue(spent.exhausted());

        assertFalse(RateLimits.fitbitLegacy(
                        headers(Map.of(RateLimits.FITBIT_REMAINING, "12", RateLimits.FITBIT_RESET, "1200")))
                .exhausted());
        RateLimits.FitbitBudget none = RateLimits.fitbitLegacy(headers(Map.of(RateLimits.FITBIT_REMAINING, "x")));
        assertEquals(OptionalInt.empty(), none.remaining());
        assertEquals(Optional.empty(), none.reset());
        assertFalse(none.exhausted());
    }

    @Test
    void withingsInBodyStatuses() {
        assertEquals(Optional.of(FailureClass.RATE_LIMITED), RateLimits.withingsStatus(601));
        assertEquals(Optional.of(FailureClass.TRANSIENT), RateLimits.withingsStatus(522));
        assertEquals(Optional.empty(), RateLimits.withingsStatus(0));
        assertEquals(Optional.empty(), RateLimits.withingsStatus(401));
        assertEquals(Optional.empty(), RateLimits.withingsStatus(503), "5xx-range statuses are parameter errors");
    }
}
