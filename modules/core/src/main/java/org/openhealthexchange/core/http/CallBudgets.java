package org.openhealthexchange.core.http;

import java.time.Duration;
import java.util.Objects;
import org.openhealthexchange.core.spi.CallBudget;
import org.openhealthexchange.core.spi.ProviderException;
import org.openhealthexchange.core.spi.ProviderException.Kind;

/**
 * Spends a vendor's call budget before each attempt: the deployment-wide {@link CallBudget} the server hands a
 * fetch, or a {@link LocalCallBudget} of this process. A short wait for the next call is slept off; a longer one
 * (or any when {@code maxInlineWait} is zero) ends the call with {@code RATE_LIMITED} and the wait as its
 * {@code retryAfter}, thrown through {@link Retrier#doNotRetry} so the retry loop never waits for a client-side
 * budget.
 */
public final class CallBudgets {

    private final int limit;
    private final Duration window;
    private final Duration maxInlineWait;
    private final Sleeper sleeper;

    public CallBudgets(int limit, Duration window, Duration maxInlineWait, Sleeper sleeper) {
        if (limit < 1) {
            throw new IllegalArgumentException("a call budget needs at least one call");
        }
        this.limit = limit;
        this.window = Objects.requireNonNull(window, "window");
        this.maxInlineWait = Objects.requireNonNull(maxInlineWait, "maxInlineWait");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    }

    public int limit() {
        return limit;
    }

    /** Takes one call from {@code budget}'s bucket {@code key}, waiting briefly if need be; see the class comment. */
    public void spend(CallBudget budget, String key, String what) {
        Retrier.once(() -> {
            take(budget, key, what);
            return null;
        });
    }

    private void take(CallBudget budget, String key, String what) throws ProviderException {
        while (true) {
            Duration wait = budget.take(key, limit, window);
            if (wait.isZero() || wait.isNegative()) {
                return;
            }
            if (wait.compareTo(maxInlineWait) > 0) {
                throw new ProviderException(
                        Kind.RATE_LIMITED,
                        null,
                        what + ": client-side budget of " + limit + " requests per " + window + " is spent",
                        wait,
                        null);
            }
            try {
                sleeper.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ProviderException(Kind.UNAVAILABLE, null, "interrupted", null, e);
            }
        }
    }
}
