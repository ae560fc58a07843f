package org.openhealthexchange.server.coordination;

import io.quarkus.redis.datasource.RedisDataSource;
import io.vertx.mutiny.redis.client.Response;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/**
 * Coordination shared by all replicas through Redis. Locks are {@code SET NX PX} with an owner token released by a
 * compare-and-delete script; buckets are refilled and taken in one script using Redis' own clock, so replicas with
 * skewed clocks still share one limit.
 */
public final class RedisCoordination implements Coordination {

    private static final String RELEASE =
            """
            if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end""";

    private static final String TAKE_TOKEN =
            """
            local limit = tonumber(ARGV[1])
            local window = tonumber(ARGV[2])
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
            local tokens = tonumber(state[1])
            local at = tonumber(state[2])
            if tokens == nil then tokens = limit; at = now end
            tokens = math.min(limit, tokens + (now - at) * limit / window)
            local allowed = 0
            if tokens >= 1 then tokens = tokens - 1; allowed = 1 end
            redis.call('HSET', KEYS[1], 'tokens', string.format('%.6f', tokens), 'at', now)
            redis.call('PEXPIRE', KEYS[1], window * 2)
            return {allowed, string.format('%.6f', tokens), now}""";

    private final RedisDataSource redis;
    private final String prefix;

    public RedisCoordination(RedisDataSource redis, String keyPrefix) {
        this.redis = redis;
        this.prefix = keyPrefix;
    }

    @Override
    public String backend() {
        return "redis";
    }

    @Override
    public Optional<Lock> tryLock(String key, Duration ttl) {
        String token = UUID.randomUUID().toString();
        String redisKey = prefix + "lock:" + key;
        return setIfAbsent(redisKey, token, ttl) ? Optional.of(new RedisLock(key, redisKey, token)) : Optional.empty();
    }

    @Override
    public RateDecision consume(String key, int limit, Duration window) {
        long windowMillis = window.toMillis();
        Response r = redis.execute(
                "EVAL", TAKE_TOKEN, "1", prefix + "rate:" + key, Integer.toString(limit), Long.toString(windowMillis));
        boolean allowed = r.get(0).toInteger() == 1;
        double tokens = Double.parseDouble(r.get(1).toString());
        long now = r.get(2).toLong();
        return RateDecision.of(allowed, limit, tokens, windowMillis, now);
    }

    @Override
    public boolean claimIdempotencyKey(String key, Duration ttl) {
        return setIfAbsent(prefix + "idem:" + key, "1", ttl);
    }

    @Override
    public Duration ping() {
        long start = System.nanoTime();
        redis.execute("PING");
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private boolean setIfAbsent(String key, String value, Duration ttl) {
        Response r = redis.execute("SET", key, value, "NX", "PX", Long.toString(Math.max(1, ttl.toMillis())));
        return r != null && "OK".equals(r.toString());
    }

    private final class RedisLock implements Lock {
        private final String key;
        private final String redisKey;
        private final String token;

        RedisLock(String key, String redisKey, String token) {
            this.key = key;
            this.redisKey = redisKey;
            this.token = token;
        }

        @Override
        public String key() {
            return key;
        }

        @Override
        public boolean release() {
            Response r = redis.execute("EVAL", RELEASE, "1", redisKey, token);
            return r != null && r.toInteger() == 1;
        }
    }
}
