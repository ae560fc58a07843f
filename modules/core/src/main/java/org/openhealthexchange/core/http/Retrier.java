package org.openhealthexchange.core.http;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import org.openhealthexchange.core.http.RetryPolicy.Safety;
import org.openhealthexchange.core.spi.ProviderException;
import org.openhealthexchange.core.spi.ProviderException.Kind;

/**
 * Runs one vendor call under a {@link RetryPolicy}: the one retry loop every vendor client uses. An attempt that
 * throws a transient {@link ProviderException} is repeated after a jittered wait while attempts and the fetch's
 * {@link RetryBudget} last; anything else, or the last failure, is thrown unchanged, so the job-level retry (with
 * the vendor's {@code retryAfter}, when it gave one) takes over. An attempt that must not be repeated whatever it
 * failed with throws {@link #doNotRetry(ProviderException)} (a client-side budget that is spent, for example).
 */
public final class Retrier {

    private static final System.Logger LOG = System.getLogger(Retrier.class.getName());

    /** One attempt of a call; {@code attempt} counts from 1. */
    @FunctionalInterface
    public interface Attempt<T> {
        T run(int attempt) throws ProviderException;
    }

    /** Carries a failure out of an attempt past the retry loop (see {@link #doNotRetry}). */
    public static final class DoNotRetry extends RuntimeException {
        private final ProviderException failure;

        DoNotRetry(ProviderException failure) {
            super(failure.getMessage(), null, false, false);
            this.failure = failure;
        }
    }

    private final RetryPolicy policy;
    private final Sleeper sleeper;
    private final DoubleSupplier random;

    public Retrier(RetryPolicy policy, Sleeper sleeper, DoubleSupplier random) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.random = Objects.requireNonNull(random, "random");
    }

    /** Real sleeps, thread-local randomness. */
    public static Retrier of(RetryPolicy policy) {
        return new Retrier(
                policy, Sleeper.SYSTEM, () -> ThreadLocalRandom.current().nextDouble());
    }

    public RetryPolicy policy() {
        return policy;
    }

    /** A fresh budget for one fetch (or one call outside any fetch): {@code policy.budget()} of waiting. */
    public RetryBudget budget() {
        return new RetryBudget(policy.budget());
    }

    /** Wraps a failure so that {@link #call} throws it at once without retrying. */
    public static DoNotRetry doNotRetry(ProviderException e) {
        return new DoNotRetry(e);
    }

    /** A step inside an attempt whose failure the retry loop must not repeat. */
    @FunctionalInterface
    public interface Step<T> {
        T run() throws ProviderException;
    }

    /**
     * Runs {@code step} inside an attempt; its failure ends the call at once instead of being retried (a token
     * source's answer, a spent client-side budget).
     */
    public static <T> T once(Step<T> step) {
        try {
            return step.run();
        } catch (ProviderException e) {
            throw doNotRetry(e);
        }
    }

    /**
     * Runs {@code attempt} until it succeeds or must fail.
     *
     * @param what names the call in logs (no tokens, no personal data)
     * @param budget the fetch's budget, or null for a budget of this call alone
     */
    public <T> T call(String what, Safety safety, RetryBudget budget, Attempt<T> attempt) throws ProviderException {
        RetryBudget b = budget != null ? budget : budget();
        for (int n = 1; ; n++) {
            ProviderException failure;
            try {
                return attempt.run(n);
            } catch (DoNotRetry e) {
                throw e.failure;
            } catch (ProviderException e) {
                failure = e;
            }
            Duration wait = waitBeforeRetry(failure, safety, n, b);
            if (wait == null) {
                throw failure;
            }
            LOG.log(
                    System.Logger.Level.DEBUG,
                    () -> what + " attempt failed (" + failure.kind()
                            + failure.vendorCode().map(c -> " " + c).orElse("") + "), retrying in " + wait.toMillis()
                            + " ms");
            try {
                sleeper.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ProviderException(
                        Kind.UNAVAILABLE, null, what + ": interrupted while waiting to retry", null, e);
            }
        }
    }

    /** The wait before the next attempt, or null when {@code failure} ends the call. */
    Duration waitBeforeRetry(ProviderException failure, Safety safety, int attemptsMade, RetryBudget budget) {
        if (attemptsMade >= policy.maxAttempts()
                || !RetryPolicy.isTransient(failure)
                || Thread.currentThread().isInterrupted()) {
            return null;
        }
        if (safety == Safety.UNSAFE && !RetryPolicy.certainlyNotActedOn(failure)) {
            return null;
        }
        Duration wait = policy.backoff(attemptsMade, random);
        Duration asked = failure.retryAfter().orElse(null);
        if (asked != null && asked.compareTo(wait) > 0) {
            wait = asked;
        }
        if (!budget.tryTake(wait)) {
            return null; // more than this fetch may still wait (a long Retry-After): the job retries later
        }
        return wait;
    }
}
