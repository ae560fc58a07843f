package org.openhealthexchange.sink.fhir;

import java.time.Duration;

/**
 * Runs one request to the EHR with the sink's retry policy: 429/5xx/I/O are retried with backoff (the server's
 * Retry-After wins), a refused token is renewed once where the auth mode can, anything else fails at once.
 */
final class RetryingCalls {

    /** One request to the EHR. */
    @FunctionalInterface
    interface EhrCall<T> {
        T call() throws FhirCallException;
    }

    private final FhirAuth auth;
    private final RetryPolicy retry;
    private final Sleeper sleeper;

    RetryingCalls(FhirAuth auth, RetryPolicy retry, Sleeper sleeper) {
        this.auth = auth;
        this.retry = retry;
        this.sleeper = sleeper;
    }

    <T> T run(EhrCall<T> call) throws FhirCallException {
        boolean renewed = false;
        int attempt = 0;
        while (true) {
            attempt++;
            try {
                return call.call();
            } catch (FhirCallException e) {
                if (e.kind() == FhirCallException.Kind.UNAUTHORIZED && !renewed && auth.renewAfterRejection()) {
                    renewed = true;
                    attempt--; // a refused token is not the server being unavailable
                    continue;
                }
                if (e.kind() != FhirCallException.Kind.RETRYABLE) {
                    throw e;
                }
                var delay = retry.delayAfter(attempt, e.retryAfter());
                if (delay.isEmpty()) {
                    throw new FhirCallException(
                            e.kind(),
                            e.status(),
                            e.getMessage() + " (gave up after " + attempt + (attempt == 1 ? " attempt)" : " attempts)"),
                            null);
                }
                sleep(delay.get(), e);
            }
        }
    }

    private void sleep(Duration delay, FhirCallException cause) throws FhirCallException {
        try {
            sleeper.sleep(delay);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new FhirCallException(
                    FhirCallException.Kind.FATAL,
                    cause.status(),
                    cause.getMessage() + " (interrupted while waiting to retry)",
                    null);
        }
    }
}
