package org.openhealthexchange.server.coordination;

import java.time.Duration;
import java.util.Optional;

/**
 * What replicas must agree on without a database round trip: short locks, rate-limit buckets and idempotency
 * keys. Backed by Redis when it is configured, by this process alone otherwise (a single node).
 */
public interface Coordination {

    /** {@code redis} or {@code in-process}. */
    String backend();

    /** Takes the lock {@code key} for at most {@code ttl}, or returns empty when another holder has it. */
    Optional<Lock> tryLock(String key, Duration ttl);

    /** Takes one token from the bucket {@code key} holding {@code limit} tokens refilled evenly over {@code window}. */
    RateDecision consume(String key, int limit, Duration window);

    /** Records {@code key} for {@code ttl}; true the first time, false while it is still recorded. */
    boolean claimIdempotencyKey(String key, Duration ttl);

    /** Round trip to the backing store, for the probes; throws when it is unreachable. */
    Duration ping();

    /** A held lock; closing it releases it if this holder still owns it. */
    interface Lock extends AutoCloseable {

        String key();

        /** Releases the lock; false when it had already expired or been taken over. */
        boolean release();

        @Override
        default void close() {
            release();
        }
    }
}
