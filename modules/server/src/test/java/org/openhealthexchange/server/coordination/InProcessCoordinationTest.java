package org.openhealthexchange.server.coordination;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.openhealthexchange.testkit.MutableClock;

class InProcessCoordinationTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final InProcessCoordination coordination = new InProcessCoordination(clock);

    @Test
    void aLockIsExclusiveUntilReleasedOrExpired() {
        var lock =
                coordination.tryLock("refresh:link-1", Duration.ofSeconds(30)).orElseThrow();
        assertTrue(
                coordination.tryLock("refresh:link-1", Duration.ofSeconds(30)).isEmpty());
        assertTrue(
                coordination.tryLock("refresh:link-2", Duration.ofSeconds(30)).isPresent());
        assertTrue(lock.release());
        var again =
                coordination.tryLock("refresh:link-1", Duration.ofSeconds(30)).orElseThrow();
        clock.advance(Duration.ofSeconds(31));
        var taker = coordination.tryLock("refresh:link-1", Duration.ofSeconds(30));
        assertTrue(taker.isPresent(), "an expired lock can be taken");
        assertFalse(again.release(), "the expired holder cannot release the new holder's lock");
        assertTrue(
                coordination.tryLock("refresh:link-1", Duration.ofSeconds(30)).isEmpty());
    }

    @Test
    void aBucketAllowsItsLimitThenRefillsEvenly() {
        for (int i = 4; i >= 0; i--) {
            var d = coordination.consume("ip:1.2.3.4", 5, Duration.ofMinutes(1));
            assertTrue(d.allowed());
            assertEquals(i, d.remaining());
        }
        var refused = coordination.consume("ip:1.2.3.4", 5, Duration.ofMinutes(1));
        assertFalse(refused.allowed());
        assertEquals(12, refused.retryAfterSeconds(), "one token every 12 s");
        assertEquals(clock.instant().getEpochSecond() + 60, refused.resetEpochSeconds());
        clock.advance(Duration.ofSeconds(12));
        assertTrue(coordination.consume("ip:1.2.3.4", 5, Duration.ofMinutes(1)).allowed());
        assertFalse(coordination.consume("ip:1.2.3.4", 5, Duration.ofMinutes(1)).allowed());
        assertTrue(coordination.consume("ip:5.6.7.8", 5, Duration.ofMinutes(1)).allowed(), "buckets are per key");
    }

    @Test
    void anIdempotencyKeyIsClaimedOnceWhileItLives() {
        assertTrue(coordination.claimIdempotencyKey("withings:notify:abc", Duration.ofMinutes(10)));
        assertFalse(coordination.claimIdempotencyKey("withings:notify:abc", Duration.ofMinutes(10)));
        clock.advance(Duration.ofMinutes(11));
        assertTrue(coordination.claimIdempotencyKey("withings:notify:abc", Duration.ofMinutes(10)));
    }
}
