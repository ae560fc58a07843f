package org.openhealthexchange.sink.fhir.client;

import java.time.Duration;
import org.openhealthexchange.core.http.Retrier;
import org.openhealthexchange.core.http.RetryPolicy;
import org.openhealthexchange.core.http.RetryPolicy.Safety;
import org.openhealthexchange.core.http.Sleeper;
import org.openhealthexchange.core.spi.ProviderException;
import org.openhealthexchange.core.spi.ProviderException.Kind;

/**
 * Runs one request to the EHR through core's {@link Retrier}: 429/5xx/408/I-O are retried with backoff (the
 * server's Retry-After is the least wait), a refused token is renewed once per request where the auth mode can
 * (not counted as an attempt, no wait), anything else fails at once. The EHR's waits are deterministic, the cap
 * itself ({@code backoff-base × 2^(n-1)}): conditional creates and updates make a repeated Bundle harmless, and an
 * EHR is one server rather than a crowd of clients to spread.
 */
public final class RetryingCalls {

    /** Longest wait for one request: a longer Retry-After fails the chunk now and the sync job retries later. */
    public static final Duration MAX_WAIT = Duration.ofMinutes(2);

    /** One request to the EHR. */
    @FunctionalInterface
    public interface EhrCall<T> {
        T call() throws FhirCallException;
    }

    /** Carries a {@link FhirCallException} through the retry loop, classified for it. */
    private static final class Carried extends ProviderException {
        final FhirCallException failure;

        Carried(FhirCallException f) {
            super(
                    kindOf(f),
                    String.valueOf(f.status()),
                    f.getMessage(),
                    f.retryAfter().orElse(null),
                    null);
            this.failure = f;
        }

        private static Kind kindOf(FhirCallException f) {
            return switch (f.kind()) {
                case RETRYABLE -> f.status() == 429 ? Kind.RATE_LIMITED : Kind.UNAVAILABLE;
                case UNAUTHORIZED -> Kind.UNAUTHORIZED;
                case REJECTED -> Kind.REJECTED;
                case FATAL -> Kind.BAD_RESPONSE;
            };
        }
    }

    private final FhirAuth auth;
    private final Retrier retrier;

    /** {@code maxAttempts} per request, waits of {@code backoffBase} doubling up to {@link #MAX_WAIT}. */
    public RetryingCalls(FhirAuth auth, int maxAttempts, Duration backoffBase, Sleeper sleeper) {
        this.auth = auth;
        this.retrier = new Retrier(new RetryPolicy(maxAttempts, backoffBase, MAX_WAIT, MAX_WAIT), sleeper, () -> 1.0);
    }

    public <T> T run(EhrCall<T> call) throws FhirCallException {
        boolean[] renewed = new boolean[1];
        int[] attempts = new int[1];
        FhirCallException[] last = new FhirCallException[1];
        try {
            return retrier.call("EHR request", Safety.IDEMPOTENT, null, attempt -> {
                attempts[0] = attempt;
                while (true) {
                    try {
                        return call.call();
                    } catch (FhirCallException e) {
                        if (e.kind() == FhirCallException.Kind.UNAUTHORIZED
                                && !renewed[0]
                                && auth.renewAfterRejection()) {
                            renewed[0] = true; // a refused token is not the server being unavailable
                            continue;
                        }
                        last[0] = e;
                        throw new Carried(e);
                    }
                }
            });
        } catch (Carried c) {
            FhirCallException e = c.failure;
            if (e.kind() != FhirCallException.Kind.RETRYABLE) {
                throw e;
            }
            int n = attempts[0];
            throw new FhirCallException(
                    e.kind(),
                    e.status(),
                    e.getMessage() + " (gave up after " + n + (n == 1 ? " attempt)" : " attempts)"),
                    null);
        } catch (ProviderException interrupted) {
            FhirCallException cause = last[0];
            throw new FhirCallException(
                    FhirCallException.Kind.FATAL,
                    cause == null ? 0 : cause.status(),
                    (cause == null ? "request to the EHR" : cause.getMessage())
                            + " (interrupted while waiting to retry)",
                    null);
        }
    }
}
