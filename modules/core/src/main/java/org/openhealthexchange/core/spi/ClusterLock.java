package org.openhealthexchange.core.spi;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeoutException;

/**
 * A lock held across every node of the cluster (the server's PostgreSQL advisory locks), for writes to a system
 * that cannot serialise them itself.
 */
public interface ClusterLock {

    /**
     * Runs {@code work} holding the lock {@code name}; a {@link TimeoutException} when it is not free within
     * {@code maxWait}, an {@link InterruptedException} when the thread is interrupted while waiting.
     */
    <T> T holding(String name, Duration maxWait, Callable<T> work) throws Exception;
}
