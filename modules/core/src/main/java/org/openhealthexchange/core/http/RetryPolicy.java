package org.openhealthexchange.core.http;

import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.time.Duration;
import java.util.Objects;
import java.util.function.DoubleSupplier;
import org.openhealthexchange.core.spi.ProviderException;
import org.openhealthexchange.core.spi.ProviderException.Kind;

/**
 * How one vendor call is retried when the vendor failed transiently (HTTP 5xx, 429, a vendor's own "too many
 * requests" or timeout status, a connection reset or timeout): at most {@code maxAttempts} attempts in all, waits
 * drawn with <em>full jitter</em> from {@code [0, min(maxBackoff, initialBackoff × 2^(n-1))]} before retry n, and at
 * most {@code budget} of waiting per fetch (all calls of one fetch share it, see {@link RetryBudget}). A vendor's
 * {@code Retry-After} is a lower bound of the wait; one longer than what is left of the budget is not waited for:
 * the call fails with the vendor's exception, whose {@code retryAfter} then delays the job's own retry.
 *
 * @param maxAttempts attempts per call including the first (1 = no retry)
 * @param initialBackoff the cap of the first wait
 * @param maxBackoff the largest cap of any wait
 * @param budget the longest time one fetch may spend waiting between attempts, over all its calls
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration budget) {

    /** Defaults of every provider unless configured: 4 attempts, 0.5 s doubling up to 8 s, 90 s per fetch. */
    public static final RetryPolicy DEFAULT =
            new RetryPolicy(4, Duration.ofMillis(500), Duration.ofSeconds(8), Duration.ofSeconds(90));

    /** Whether a call may be repeated without risk of doing its effect twice. */
    public enum Safety {
        /** Reads: every transient failure is retried. */
        IDEMPOTENT,
        /**
         * Calls with an effect at the vendor (token exchange and refresh, subscribe): retried only when the vendor
         * certainly did not act on it, that is it refused for rate (429, Withings 601) or no connection was made.
         */
        UNSAFE
    }

    public RetryPolicy {
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        Objects.requireNonNull(budget, "budget");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("retry max-attempts must be at least 1");
        }
        if (initialBackoff.isNegative() || maxBackoff.isNegative() || budget.isNegative()) {
            throw new IllegalArgumentException("retry durations must not be negative");
        }
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            maxBackoff = initialBackoff;
        }
    }

    /** One attempt per call: nothing is retried. */
    public static RetryPolicy none() {
        return new RetryPolicy(1, Duration.ZERO, Duration.ZERO, Duration.ZERO);
    }

    /** The cap of the wait before retry {@code retry} (1 for the first retry): exponential, at most maxBackoff. */
    public Duration cap(int retry) {
        int shift = Math.max(0, Math.min(30, retry - 1));
        long millis = initialBackoff.toMillis();
        long capped = millis > (maxBackoff.toMillis() >> shift) ? maxBackoff.toMillis() : millis << shift;
        return Duration.ofMillis(Math.min(capped, maxBackoff.toMillis()));
    }

    /** The wait before retry {@code retry}: full jitter, uniform in {@code [0, cap(retry)]}. */
    public Duration backoff(int retry, DoubleSupplier random) {
        double r = Math.max(0.0, Math.min(1.0, random.getAsDouble()));
        return Duration.ofMillis(Math.round(cap(retry).toMillis() * r));
    }

    /** Whether the failure is transient: the vendor was unavailable or refused for rate; never an interrupt. */
    public static boolean isTransient(ProviderException e) {
        if (e.kind() != Kind.UNAVAILABLE && e.kind() != Kind.RATE_LIMITED) {
            return false;
        }
        return !causedBy(e, InterruptedException.class);
    }

    /** Whether a call with an effect may be repeated after this failure (see {@link Safety#UNSAFE}). */
    public static boolean certainlyNotActedOn(ProviderException e) {
        return e.kind() == Kind.RATE_LIMITED
                || causedBy(e, ConnectException.class)
                || causedBy(e, HttpConnectTimeoutException.class);
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e.getCause(); t != null && t != t.getCause(); t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "RetryPolicy[maxAttempts=" + maxAttempts + ", initialBackoff=" + initialBackoff + ", maxBackoff="
                + maxBackoff + ", budget=" + budget + "]";
    }
}
