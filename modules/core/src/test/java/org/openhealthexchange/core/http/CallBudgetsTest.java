package org.openhealthexchange.core.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openhealthexchange.core.spi.CallBudget;
import org.openhealthexchange.core.spi.ProviderException;
import org.openhealthexchange.core.spi.ProviderException.Kind;

class CallBudgetsTest {

    /** A clock the test moves by hand. */
    static final class HandClock extends Clock {
        Instant now = Instant.parse("2026-12-01T10:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneId.of("UTC");
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    final List<Duration> slept = new ArrayList<>();

    @Test
    void theLocalBucketHoldsTheLimitAndRefillsEvenly() {
        HandClock clock = new HandClock();
        LocalCallBudget budget = new LocalCallBudget(clock);
        for (int i = 0; i < 3; i++) {
            assertEquals(Duration.ZERO, budget.take("u", 3, Duration.ofMinutes(1)));
        }
        assertEquals(Duration.ofSeconds(20), budget.take("u", 3, Duration.ofMinutes(1)), "one call per 20 s");
        assertEquals(Duration.ZERO, budget.take("other", 3, Duration.ofMinutes(1)), "buckets are per key");
        clock.now = clock.now.plusSeconds(20);
        assertEquals(Duration.ZERO, budget.take("u", 3, Duration.ofMinutes(1)));
    }

    @Test
    void aShortWaitIsSleptOffAndTheCallGoes() {
        Deque<Duration> answers = new ArrayDeque<>(List.of(Duration.ofMillis(300), Duration.ZERO));
        CallBudget shared = (k, l, w) -> answers.removeFirst();
        new CallBudgets(300, Duration.ofMinutes(1), Duration.ofSeconds(2), slept::add).spend(shared, "k", "call");
        assertEquals(List.of(Duration.ofMillis(300)), slept);
    }

    @Test
    void aLongWaitEndsTheCallRateLimitedWithoutRetry() {
        CallBudget shared = (k, l, w) -> Duration.ofSeconds(40);
        CallBudgets budgets = new CallBudgets(300, Duration.ofMinutes(1), Duration.ofSeconds(2), slept::add);
        Retrier retrier = new Retrier(RetryPolicy.DEFAULT, slept::add, () -> 1.0);
        int[] attempts = new int[1];
        ProviderException e = assertThrows(
                ProviderException.class,
                () -> retrier.call("call", RetryPolicy.Safety.IDEMPOTENT, null, n -> {
                    attempts[0]++;
                    budgets.spend(shared, "k", "call");
                    return "ok";
                }));
        assertEquals(Kind.RATE_LIMITED, e.kind());
        assertEquals(Duration.ofSeconds(40), e.retryAfter().orElseThrow());
        assertEquals(1, attempts[0], "a spent client-side budget is never waited for in the retry loop");
        assertEquals(List.of(), slept);
    }
}
