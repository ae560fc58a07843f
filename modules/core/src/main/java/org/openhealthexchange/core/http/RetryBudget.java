package org.openhealthexchange.core.http;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The time one fetch may still spend waiting between attempts, shared by all its calls ({@link Retrier#budget()}):
 * each wait is taken from it before it is slept. Thread-safe.
 */
public final class RetryBudget {

    private final long totalMillis;
    private final AtomicLong spentMillis = new AtomicLong();

    public RetryBudget(Duration total) {
        this.totalMillis = Math.max(0, total.toMillis());
    }

    /** What is left to wait. */
    public Duration remaining() {
        return Duration.ofMillis(Math.max(0, totalMillis - spentMillis.get()));
    }

    /** What was waited so far. */
    public Duration spent() {
        return Duration.ofMillis(spentMillis.get());
    }

    /** Takes {@code wait} from the budget if that much is left; false (nothing taken) otherwise. */
    boolean tryTake(Duration wait) {
        long w = Math.max(0, wait.toMillis());
        while (true) {
            long spent = spentMillis.get();
            if (spent + w > totalMillis) {
                return false;
            }
            if (spentMillis.compareAndSet(spent, spent + w)) {
                return true;
            }
        }
    }
}
