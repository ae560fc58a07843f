package org.openhealthexchange.core.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.openhealthexchange.core.http.RetryPolicy.Safety;
import org.openhealthexchange.core.spi.ProviderException;
import org.openhealthexchange.core.spi.ProviderException.Kind;

class RetrierTest {

    final List<Duration> slept = new ArrayList<>();
    final Sleeper fake = slept::add;

    static ProviderException unavailable() {
        return new ProviderException(Kind.UNAVAILABLE, "503", "down");
    }

    static ProviderException rateLimited(Duration retryAfter) {
        return new ProviderException(Kind.RATE_LIMITED, "429", "slow down", retryAfter, null);
    }

    Retrier retrier(RetryPolicy policy, double random) {
        return new Retrier(policy, fake, () -> random);
    }

    /** Fails with {@code failures} in turn, then answers "ok". */
    static Retrier.Attempt<String> failing(AtomicInteger calls, ProviderException... failures) {
        return n -> {
            int i = calls.getAndIncrement();
            if (i < failures.length) {
                throw failures[i];
            }
            return "ok";
        };
    }

    @Test
    void fullJitterStaysWithinTheExponentialCap() {
        RetryPolicy p = new RetryPolicy(10, Duration.ofMillis(100), Duration.ofMillis(1000), Duration.ofMinutes(1));
        assertEquals(Duration.ofMillis(100), p.cap(1));
        assertEquals(Duration.ofMillis(200), p.cap(2));
        assertEquals(Duration.ofMillis(800), p.cap(4));
        assertEquals(Duration.ofMillis(1000), p.cap(5));
        assertEquals(Duration.ofMillis(1000), p.cap(60), "no overflow on many retries");
        Random random = new Random(7);
        for (int retry = 1; retry <= 8; retry++) {
            for (int i = 0; i < 200; i++) {
                Duration d = p.backoff(retry, random::nextDouble);
                assertTrue(!d.isNegative() && d.compareTo(p.cap(retry)) <= 0, d + " within [0, " + p.cap(retry) + "]");
            }
        }
        assertEquals(Duration.ZERO, p.backoff(3, () -> 0.0));
        assertEquals(p.cap(3), p.backoff(3, () -> 1.0));
    }

    @Test
    void transientFailuresAreRetriedUntilTheCallSucceeds() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        RetryPolicy p = new RetryPolicy(4, Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofMinutes(1));
        String r = retrier(p, 0.5)
                .call("t", Safety.IDEMPOTENT, null, failing(calls, unavailable(), rateLimited(null), unavailable()));
        assertEquals("ok", r);
        assertEquals(4, calls.get());
        assertEquals(List.of(Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(200)), slept);
    }

    @Test
    void theLastFailureIsThrownUnchangedAfterMaxAttempts() {
        AtomicInteger calls = new AtomicInteger();
        ProviderException last = unavailable();
        RetryPolicy p = new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(10), Duration.ofMinutes(1));
        ProviderException thrown = assertThrows(ProviderException.class, () -> retrier(p, 1.0)
                .call("t", Safety.IDEMPOTENT, null, failing(calls, unavailable(), unavailable(), last, unavailable())));
        assertSame(last, thrown);
        assertEquals(3, calls.get());
        assertEquals(2, slept.size());
    }

    @Test
    void nonTransientFailuresAreNeverRetried() {
        for (Kind kind : List.of(Kind.REJECTED, Kind.BAD_RESPONSE, Kind.UNAUTHORIZED, Kind.GRANT_REVOKED)) {
            AtomicInteger calls = new AtomicInteger();
            ProviderException e = new ProviderException(kind, "x", "no");
            assertSame(e, assertThrows(ProviderException.class, () -> retrier(RetryPolicy.DEFAULT, 1.0)
                    .call("t", Safety.IDEMPOTENT, null, failing(calls, e))));
            assertEquals(1, calls.get(), kind.name());
        }
        assertEquals(List.of(), slept);
    }

    @Test
    void anInterruptIsNotRetried() {
        AtomicInteger calls = new AtomicInteger();
        ProviderException e =
                new ProviderException(Kind.UNAVAILABLE, null, "interrupted", null, new InterruptedException());
        assertThrows(ProviderException.class, () -> retrier(RetryPolicy.DEFAULT, 1.0)
                .call("t", Safety.IDEMPOTENT, null, failing(calls, e)));
        assertEquals(1, calls.get());
    }

    @Test
    void aRetryAfterIsTheLeastWait() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        RetryPolicy p = new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(10), Duration.ofMinutes(1));
        retrier(p, 1.0).call("t", Safety.IDEMPOTENT, null, failing(calls, rateLimited(Duration.ofSeconds(2))));
        assertEquals(List.of(Duration.ofSeconds(2)), slept);
    }

    @Test
    void aRetryAfterBeyondTheBudgetFailsAtOnceWithTheVendorsDelay() {
        AtomicInteger calls = new AtomicInteger();
        ProviderException longWait = rateLimited(Duration.ofMinutes(5));
        RetryPolicy p = new RetryPolicy(5, Duration.ofMillis(10), Duration.ofMillis(10), Duration.ofSeconds(30));
        ProviderException thrown = assertThrows(ProviderException.class, () -> retrier(p, 1.0)
                .call("t", Safety.IDEMPOTENT, null, failing(calls, longWait)));
        assertSame(longWait, thrown);
        assertEquals(Duration.ofMinutes(5), thrown.retryAfter().orElseThrow(), "the job waits what the vendor asked");
        assertEquals(1, calls.get());
        assertEquals(List.of(), slept);
    }

    @Test
    void oneBudgetIsSharedByEveryCallOfAFetchAndEndsTheRetries() throws Exception {
        RetryPolicy p = new RetryPolicy(10, Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofMillis(2500));
        Retrier r = retrier(p, 1.0);
        RetryBudget fetch = r.budget();
        AtomicInteger first = new AtomicInteger();
        assertEquals("ok", r.call("a", Safety.IDEMPOTENT, fetch, failing(first, unavailable(), unavailable())));
        assertEquals(Duration.ofMillis(500), fetch.remaining());
        AtomicInteger second = new AtomicInteger();
        assertThrows(
                ProviderException.class,
                () -> r.call("b", Safety.IDEMPOTENT, fetch, failing(second, unavailable(), unavailable())));
        assertEquals(1, second.get(), "the budget left (0.5 s) is less than the next wait (1 s)");
        assertEquals(Duration.ofSeconds(2), fetch.spent());
        assertEquals(2, slept.size());
    }

    @Test
    void unsafeCallsAreRetriedOnlyWhenTheVendorCertainlyDidNotAct() throws Exception {
        Retrier r = retrier(RetryPolicy.DEFAULT, 0.0);
        AtomicInteger calls = new AtomicInteger();
        ProviderException reset =
                new ProviderException(Kind.UNAVAILABLE, null, "reset", null, new IOException("connection reset"));
        assertSame(
                reset,
                assertThrows(
                        ProviderException.class, () -> r.call("refresh", Safety.UNSAFE, null, failing(calls, reset))));
        assertEquals(1, calls.get(), "the refresh may have rotated the token: not repeated");

        calls.set(0);
        assertSame(
                unavailable().getClass(),
                assertThrows(
                                ProviderException.class,
                                () -> r.call("refresh", Safety.UNSAFE, null, failing(calls, unavailable())))
                        .getClass());
        assertEquals(1, calls.get(), "a 5xx may come after the effect");

        calls.set(0);
        ProviderException refused = new ProviderException(
                Kind.UNAVAILABLE, null, "refused", null, new ConnectException("Connection refused"));
        assertEquals("ok", r.call("refresh", Safety.UNSAFE, null, failing(calls, refused, rateLimited(null))));
        assertEquals(3, calls.get(), "never connected, then rate-limited: the vendor did nothing, so retried");
    }

    @Test
    void doNotRetryEndsTheCallAtOnce() {
        AtomicInteger calls = new AtomicInteger();
        ProviderException spent = rateLimited(Duration.ofSeconds(1));
        assertSame(spent, assertThrows(ProviderException.class, () -> retrier(RetryPolicy.DEFAULT, 0.0)
                .call("t", Safety.IDEMPOTENT, null, n -> {
                    calls.incrementAndGet();
                    throw Retrier.doNotRetry(spent);
                })));
        assertEquals(1, calls.get());
    }

    @Test
    void noneMeansOneAttempt() {
        AtomicInteger calls = new AtomicInteger();
        assertThrows(ProviderException.class, () -> retrier(RetryPolicy.none(), 0.0)
                .call("t", Safety.IDEMPOTENT, null, failing(calls, unavailable())));
        assertEquals(1, calls.get());
    }

    @Test
    void invalidPoliciesAreRefused() {
        assertThrows(
                IllegalArgumentException.class, () -> new RetryPolicy(0, Duration.ZERO, Duration.ZERO, Duration.ZERO));
        assertThrows(
                IllegalArgumentException.class,
                () -> new RetryPolicy(2, Duration.ofSeconds(-1), Duration.ZERO, Duration.ZERO));
    }
}
