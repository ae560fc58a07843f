package org.openhealthexchange.server.testing;

import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.openhealthexchange.server.jobs.JobClock;

/**
 * The job engine's clock in this module's tests: the system time, moved ahead by what a test asked for. A test that
 * moves it puts it back ({@link #reset()}) when it ends, so every other test sees the system time.
 */
@Singleton
public class MovableJobClock implements JobClock {

    private final AtomicReference<Duration> ahead = new AtomicReference<>(Duration.ZERO);

    @Override
    public Instant now() {
        return Instant.now().plus(ahead.get());
    }

    public void advance(Duration by) {
        ahead.accumulateAndGet(by, Duration::plus);
    }

    public void reset() {
        ahead.set(Duration.ZERO);
    }
}
