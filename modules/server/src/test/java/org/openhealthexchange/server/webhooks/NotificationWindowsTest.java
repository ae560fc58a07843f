package org.openhealthexchange.server.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NotificationWindowsTest {

    private static final Instant NOW = Instant.parse("2026-03-10T12:00:00Z");
    private final NotificationWindows windows =
            new NotificationWindows(Duration.ofDays(7), Duration.ofMinutes(5), Map.of("fitbit", Duration.ofDays(3)));

    @Test
    void aWindowFrom1970ToTheFarFutureKeepsOnlyTheMostRecentSpanUpToNowPlusSkew() {
        var w = windows.clamp("withings", Instant.EPOCH, Instant.ofEpochSecond(999_999_999_999L), NOW);
        assertTrue(w.clamped());
        assertEquals(NOW.plus(Duration.ofMinutes(5)), w.end());
        assertEquals(w.end().minus(Duration.ofDays(7)), w.start());
    }

    @Test
    void aProviderOverrideReplacesTheDefaultSpan() {
        var w = windows.clamp("fitbit", Instant.EPOCH, NOW, NOW);
        assertEquals(Duration.ofDays(3), Duration.between(w.start(), w.end()));
        assertEquals(NOW, w.end());
        assertEquals(Duration.ofDays(3), windows.maxSpan("fitbit"));
        assertEquals(Duration.ofDays(7), windows.maxSpan("withings"));
    }

    @Test
    void aWindowWithinTheLimitsIsKeptAsItIs() {
        Instant start = NOW.minus(Duration.ofHours(3));
        var w = windows.clamp("withings", start, start.plusSeconds(1), NOW);
        assertFalse(w.clamped());
        assertEquals(start, w.start());
        assertEquals(start.plusSeconds(1), w.end());
        // within the skew: a vendor clock slightly ahead is not cut
        var ahead = windows.clamp("withings", NOW, NOW.plus(Duration.ofMinutes(4)), NOW);
        assertFalse(ahead.clamped());
    }

    @Test
    void aWindowWhollyInTheFutureBecomesTheMostRecentDay() {
        var w = windows.clamp("withings", NOW.plus(Duration.ofDays(400)), NOW.plus(Duration.ofDays(401)), NOW);
        assertTrue(w.clamped());
        assertEquals(NOW.plus(Duration.ofMinutes(5)), w.end());
        assertEquals(w.end().minus(Duration.ofDays(1)), w.start());
    }

    @Test
    void missingEndsMeanTheLastDayAndAnEmptyWindowOneSecond() {
        var none = windows.clamp("withings", null, null, NOW);
        assertEquals(NOW, none.end());
        assertEquals(NOW.minus(Duration.ofDays(1)), none.start());
        Instant at = NOW.minus(Duration.ofHours(1));
        var point = windows.clamp("withings", at, at, NOW);
        assertEquals(at.plusSeconds(1), point.end());
    }

    @Test
    void aSpanThatIsNotPositiveIsAConfigurationError() {
        assertThrows(
                IllegalArgumentException.class, () -> new NotificationWindows(Duration.ZERO, Duration.ZERO, Map.of()));
        assertThrows(
                IllegalArgumentException.class,
                () -> new NotificationWindows(Duration.ofDays(1), Duration.ZERO, Map.of("x", Duration.ofDays(-1))));
    }
}
