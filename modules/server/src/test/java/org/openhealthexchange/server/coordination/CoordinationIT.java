package org.openhealthexchange.server.coordination;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openhealthexchange.server.testing.TestServices;

/** The Redis coordination against the real Redis on localhost (skipped only where no Redis is reachable). */
@QuarkusTest
class CoordinationIT {

    @Inject
    Coordination coordination;

    @Inject
    VendorCallBudget vendorCalls;

    private String key;

    @BeforeEach
    void requireRedis() {
        assumeTrue(TestServices.redisReachable(), "Redis is not reachable on 127.0.0.1:6379");
        key = "it-" + UUID.randomUUID();
    }

    @Test
    void theRedisBackendIsChosenWhenRedisIsConfigured() {
        assertEquals("redis", coordination.backend());
        assertTrue(coordination.ping().toMillis() < 10_000);
    }

    @Test
    void onlyOneOfManyConcurrentCallersGetsTheLock() throws Exception {
        AtomicInteger winners = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        for (int i = 0; i < 32; i++) {
            pool.execute(
                    () -> coordination.tryLock(key, Duration.ofSeconds(30)).ifPresent(l -> winners.incrementAndGet()));
        }
        pool.shutdown();
        assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
        assertEquals(1, winners.get());
    }

    @Test
    void aLockIsReleasedOnlyByItsHolderAndExpires() throws Exception {
        var lock = coordination.tryLock(key, Duration.ofMillis(300)).orElseThrow();
        assertTrue(coordination.tryLock(key, Duration.ofSeconds(30)).isEmpty());
        Thread.sleep(400);
        var next = coordination.tryLock(key, Duration.ofSeconds(30)).orElseThrow();
        assertFalse(lock.release(), "an expired holder must not release its successor's lock");
        assertTrue(next.release());
        assertTrue(coordination.tryLock(key, Duration.ofSeconds(30)).isPresent());
    }

    @Test
    void theTokenBucketIsSharedAndExact() throws Exception {
        ConcurrentHashMap<Boolean, AtomicInteger> outcomes = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        for (int i = 0; i < 40; i++) {
            pool.execute(() -> outcomes.computeIfAbsent(
                            coordination.consume(key, 25, Duration.ofHours(1)).allowed(), k -> new AtomicInteger())
                    .incrementAndGet());
        }
        pool.shutdown();
        assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
        assertEquals(25, outcomes.get(true).get());
        assertEquals(15, outcomes.get(false).get());
        var refused = coordination.consume(key, 25, Duration.ofHours(1));
        assertFalse(refused.allowed());
        assertEquals(0, refused.remaining());
        assertTrue(refused.retryAfterSeconds() >= 1 && refused.retryAfterSeconds() <= 144, "one token per 144 s");
    }

    @Test
    void vendorCallBudgetsAreSharedBucketsThatSayHowLongToWait() {
        for (int i = 0; i < 3; i++) {
            assertEquals(Duration.ZERO, vendorCalls.take(key, 3, Duration.ofMinutes(1)));
        }
        Duration wait = vendorCalls.take(key, 3, Duration.ofMinutes(1));
        assertTrue(wait.getSeconds() >= 1 && wait.getSeconds() <= 20, "one call per 20 s: " + wait);
        assertFalse(
                coordination
                        .consume("vendor-calls:" + key, 3, Duration.ofMinutes(1))
                        .allowed(),
                "the budget lives in the shared store under vendor-calls:<key>");
    }

    @Test
    void anIdempotencyKeyIsClaimedOnce() {
        assertTrue(coordination.claimIdempotencyKey(key, Duration.ofMinutes(1)));
        assertFalse(coordination.claimIdempotencyKey(key, Duration.ofMinutes(1)));
    }
}
