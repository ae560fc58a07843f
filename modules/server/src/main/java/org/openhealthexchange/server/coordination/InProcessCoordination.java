package org.openhealthexchange.server.coordination;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** Coordination within one process, for a single node without Redis (the local profile). */
public final class InProcessCoordination implements Coordination {

    private record Expiring(String value, long expiresAtMillis) {}

    private record Bucket(double tokens, long atMillis) {}

    private final Clock clock;
    private final ConcurrentHashMap<String, Expiring> keys = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    public InProcessCoordination(Clock clock) {
        this.clock = clock;
    }

    @Override
    public String backend() {
        return "in-process";
    }

    @Override
    public Optional<Lock> tryLock(String key, Duration ttl) {
        String token = UUID.randomUUID().toString();
        return setIfAbsent("lock:" + key, token, ttl) ? Optional.of(new InProcessLock(key, token)) : Optional.empty();
    }

    @Override
    public RateDecision consume(String key, int limit, Duration window) {
        long now = clock.millis();
        long windowMillis = window.toMillis();
        boolean[] allowed = new boolean[1];
        Bucket after = buckets.compute(key, (k, b) -> {
            double tokens =
                    b == null ? limit : Math.min(limit, b.tokens + (now - b.atMillis) * (double) limit / windowMillis);
            allowed[0] = tokens >= 1;
            return new Bucket(allowed[0] ? tokens - 1 : tokens, now);
        });
        return RateDecision.of(allowed[0], limit, after.tokens, windowMillis, now);
    }

    @Override
    public boolean claimIdempotencyKey(String key, Duration ttl) {
        return setIfAbsent("idem:" + key, "1", ttl);
    }

    @Override
    public Duration ping() {
        return Duration.ZERO;
    }

    private boolean setIfAbsent(String key, String value, Duration ttl) {
        long now = clock.millis();
        var candidate = new Expiring(value, now + ttl.toMillis());
        var result = keys.compute(key, (k, old) -> old == null || old.expiresAtMillis <= now ? candidate : old);
        return result == candidate;
    }

    private final class InProcessLock implements Lock {
        private final String key;
        private final String token;

        InProcessLock(String key, String token) {
            this.key = key;
            this.token = token;
        }

        @Override
        public String key() {
            return key;
        }

        @Override
        public boolean release() {
            long now = clock.millis();
            boolean[] released = new boolean[1];
            keys.computeIfPresent("lock:" + key, (k, v) -> {
                if (v.value.equals(token) && v.expiresAtMillis > now) {
                    released[0] = true;
                    return null;
                }
                return v;
            });
            return released[0];
        }
    }
}
