package org.openhealthexchange.core.http;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import org.openhealthexchange.core.spi.CallBudget;

/**
 * A {@link CallBudget} of this process alone: one token bucket per key holding {@code limit} calls, refilled
 * continuously over {@code window}. For adapters whose fetch brings no shared budget (tests, one node); across
 * replicas the vendor's own 429 stays the authority.
 */
public final class LocalCallBudget implements CallBudget {

    private final Clock clock;
    private final ConcurrentHashMap<String, double[]> buckets = new ConcurrentHashMap<>(); // {tokens, lastMillis}

    public LocalCallBudget(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Duration take(String key, int limit, Duration window) {
        int capacity = Math.max(1, limit);
        double windowMillis = Math.max(1, window.toMillis());
        double[] wait = new double[1];
        buckets.compute(key, (k, b) -> {
            long now = clock.millis();
            if (b == null) {
                b = new double[] {capacity, now};
            }
            b[0] = Math.min(capacity, b[0] + (now - b[1]) * capacity / windowMillis);
            b[1] = now;
            if (b[0] >= 1) {
                b[0] -= 1;
            } else {
                wait[0] = (1 - b[0]) * windowMillis / capacity;
            }
            return b;
        });
        return Duration.ofMillis((long) Math.ceil(wait[0]));
    }
}
