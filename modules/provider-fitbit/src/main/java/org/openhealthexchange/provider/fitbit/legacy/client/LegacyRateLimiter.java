package org.openhealthexchange.provider.fitbit.legacy.client;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.openhealthexchange.core.http.RateLimits;

/**
 * The client-side share of Fitbit's legacy budget of {@value #DEFAULT_PER_HOUR} requests per user and hour, in
 * process: a sliding hour of this process's own calls, tightened by what Fitbit last reported in
 * {@code Fitbit-Rate-Limit-Remaining} / {@code Fitbit-Rate-Limit-Reset} (calls made elsewhere count there too).
 */
public final class LegacyRateLimiter {

    public static final int DEFAULT_PER_HOUR = 150;
    private static final Duration HOUR = Duration.ofHours(1);

    private final int perHour;
    private final Clock clock;
    private final Map<String, UserBudget> users = new ConcurrentHashMap<>();

    public LegacyRateLimiter(int perHour, Clock clock) {
        this.perHour = perHour;
        this.clock = clock;
    }

    private static final class UserBudget {
        final Deque<Instant> calls = new ArrayDeque<>();
        Instant vendorBlockedUntil;
    }

    /** Takes one request from the user's budget, or says how long to wait when none is left. */
    public Optional<Duration> tryAcquire(String user) {
        UserBudget b = users.computeIfAbsent(user, k -> new UserBudget());
        synchronized (b) {
            Instant now = clock.instant();
            if (b.vendorBlockedUntil != null) {
                if (now.isBefore(b.vendorBlockedUntil)) {
                    return Optional.of(Duration.between(now, b.vendorBlockedUntil));
                }
                b.vendorBlockedUntil = null;
            }
            while (!b.calls.isEmpty() && !b.calls.peekFirst().plus(HOUR).isAfter(now)) {
                b.calls.removeFirst();
            }
            if (b.calls.size() >= perHour) {
                return Optional.of(Duration.between(now, b.calls.peekFirst().plus(HOUR)));
            }
            b.calls.addLast(now);
            return Optional.empty();
        }
    }

    /** Records Fitbit's own view (core's {@link RateLimits}): with nothing remaining, no call until the reset. */
    public void observe(String user, RateLimits.FitbitBudget vendor) {
        if (!vendor.exhausted()) {
            return;
        }
        UserBudget b = users.computeIfAbsent(user, k -> new UserBudget());
        synchronized (b) {
            b.vendorBlockedUntil = clock.instant().plus(vendor.reset().orElseThrow());
        }
    }
}
