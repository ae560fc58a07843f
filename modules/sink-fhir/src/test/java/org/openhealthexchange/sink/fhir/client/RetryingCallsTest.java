package org.openhealthexchange.sink.fhir.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

class RetryingCallsTest {

    final List<Duration> waits = new ArrayList<>();
    int renewals;

    final FhirAuth renewing = new FhirAuth() {
        @Override
        public void authorize(IGenericClient client) {}

        @Override
        public boolean renewAfterRejection() {
            renewals++;
            return true;
        }
    };

    RetryingCalls calls(int attempts) {
        return new RetryingCalls(renewing, attempts, Duration.ofMillis(500), waits::add);
    }

    /** Throws the failures in turn, then answers "ok". */
    static RetryingCalls.EhrCall<String> failing(FhirCallException... failures) {
        Deque<FhirCallException> left = new ArrayDeque<>(List.of(failures));
        return () -> {
            if (!left.isEmpty()) {
                throw left.removeFirst();
            }
            return "ok";
        };
    }

    static FhirCallException status(int s, Duration retryAfter) {
        return FhirCallException.forStatus(s, "HTTP " + s, retryAfter);
    }

    @Test
    void theWaitsDoubleFromTheBaseWithoutJitter() throws FhirCallException {
        assertEquals("ok", calls(4).run(failing(status(503, null), status(500, null), status(0, null))));
        assertEquals(List.of(Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2)), waits);
    }

    @Test
    void aRetryAfterIsTheWaitAndOneBeyondTwoMinutesFailsNow() throws FhirCallException {
        assertEquals("ok", calls(4).run(failing(status(429, Duration.ofSeconds(7)))));
        assertEquals(List.of(Duration.ofSeconds(7)), waits);
        waits.clear();
        FhirCallException e =
                assertThrows(FhirCallException.class, () -> calls(4).run(failing(status(503, Duration.ofHours(1)))));
        assertEquals(FhirCallException.Kind.RETRYABLE, e.kind());
        assertTrue(e.getMessage().endsWith("(gave up after 1 attempt)"), e.getMessage());
        assertEquals(List.of(), waits, "an hour is the job's retry, not a worker's wait");
    }

    @Test
    void aRefusedTokenIsRenewedOnceWithoutWaitingOrCountingAnAttempt() throws FhirCallException {
        assertEquals("ok", calls(1).run(failing(status(401, null))));
        assertEquals(1, renewals);
        assertEquals(List.of(), waits);
        FhirCallException e = assertThrows(
                FhirCallException.class, () -> calls(4).run(failing(status(401, null), status(401, null))));
        assertEquals(FhirCallException.Kind.UNAUTHORIZED, e.kind());
        assertEquals(2, renewals, "once per request");
    }

    @Test
    void aRejectionIsNotRetriedAndTheLastTransientFailureSaysHowOftenItWasTried() {
        FhirCallException rejected =
                assertThrows(FhirCallException.class, () -> calls(4).run(failing(status(422, null))));
        assertEquals(FhirCallException.Kind.REJECTED, rejected.kind());
        assertEquals(List.of(), waits);
        FhirCallException spent = assertThrows(FhirCallException.class, () -> calls(2).run(
                        failing(status(503, null), status(503, null), status(503, null))));
        assertEquals(503, spent.status());
        assertTrue(spent.getMessage().endsWith("(gave up after 2 attempts)"), spent.getMessage());
    }
}
