package org.openhealthexchange.server.webhooks;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.openhealthexchange.server.config.OheConfig;

/**
 * Clamps the window a notification asks for: never past now (plus a small clock skew) and never longer than the
 * provider's maximum span, keeping the most recent part. A notification is a hint that something changed; the
 * schedules and API backfills cover anything older, so a window of {@code startdate=0} to a far-future
 * {@code enddate} becomes one bounded window instead of thousands of jobs.
 */
final class NotificationWindows {

    /** A clamped window, and whether the vendor's window had to be cut. */
    record Window(Instant start, Instant end, boolean clamped) {}

    private final Duration defaultSpan;
    private final Duration skew;
    private final Map<String, Duration> spans;

    NotificationWindows(Duration defaultSpan, Duration skew, Map<String, Duration> spans) {
        if (defaultSpan.isNegative() || defaultSpan.isZero()) {
            throw new IllegalArgumentException("ohe.notifications.max-span must be positive");
        }
        spans.forEach((p, d) -> {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("ohe.notifications.providers." + p + ".max-span must be positive");
            }
        });
        this.defaultSpan = defaultSpan;
        this.skew = skew.isNegative() ? Duration.ZERO : skew;
        this.spans = Map.copyOf(spans);
    }

    static NotificationWindows of(OheConfig.Notifications config) {
        Map<String, Duration> spans = new java.util.HashMap<>();
        config.providers().forEach((p, limits) -> limits.maxSpan().ifPresent(d -> spans.put(p, d)));
        return new NotificationWindows(config.maxSpan(), config.clockSkew(), spans);
    }

    Duration maxSpan(String provider) {
        return spans.getOrDefault(provider, defaultSpan);
    }

    /**
     * The window to sync for a notification of {@code provider} that named {@code [start, end)} (either may be
     * null: no end is now, no start is one day before the end).
     */
    Window clamp(String provider, Instant start, Instant end, Instant now) {
        Duration span = maxSpan(provider);
        Instant latest = now.plus(skew);
        Instant e = end != null ? end : now;
        Instant s = start != null ? start : e.minus(Duration.ofDays(1));
        boolean clamped = false;
        if (!s.isBefore(e)) {
            e = s.plusSeconds(1);
        }
        if (e.isAfter(latest)) {
            e = latest;
            clamped = true;
        }
        if (s.isBefore(e.minus(span))) {
            s = e.minus(span);
            clamped = true;
        }
        if (!s.isBefore(e)) {
            // The whole window lies in the future: nothing can be there yet, so sync the most recent day.
            s = e.minus(span.compareTo(Duration.ofDays(1)) < 0 ? span : Duration.ofDays(1));
            clamped = true;
        }
        return new Window(s, e, clamped);
    }
}
