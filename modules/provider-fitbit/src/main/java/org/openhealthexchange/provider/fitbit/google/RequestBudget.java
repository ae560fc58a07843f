package org.openhealthexchange.provider.fitbit.google;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An in-process token bucket per vendor user: {@code perMinute} requests, refilled continuously. {@link #take}
 * answers how long to wait for the next request ({@link Duration#ZERO} when it may go now, and then the token is
 * spent). It only protects one process; the vendor's 429 remains the authority across replicas.
 */
final class RequestBudget {

    private final int perMinute;
    private final Clock clock;
    private final ConcurrentHashMap<String, double[]> buckets = new ConcurrentHashMap<>(); // {tokens, lastNanos}

    RequestBudget(int perMinute, Clock clock) {
        this.perMinute = Math.max(1, perMinute);
        this.clock = clock;
    }

    Duration take(String user) {
        double[] wait = new double[1];
        buckets.compute(user, (k, b) -> {
            long nowMillis = clock.millis();
            if (b == null) {
                b = new double[] {perMinute, nowMillis};
            }
            double refill = (nowMillis - b[1]) * perMinute / 60_000.0;
            b[0] = Math.min(perMinute, b[0] + refill);
            b[1] = nowMillis;
            if (b[0] >= 1) {
                b[0] -= 1;
            } else {
                wait[0] = (1 - b[0]) * 60_000.0 / perMinute;
            }
            return b;
        });
        return Duration.ofMillis((long) Math.ceil(wait[0]));
    }
}
