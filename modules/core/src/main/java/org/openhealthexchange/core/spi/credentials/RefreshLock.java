package org.openhealthexchange.core.spi.credentials;

import java.time.Duration;
import java.util.Optional;

/** A lock every replica sees (the server's coordination backend), so one refresh runs at a time per connection. */
@FunctionalInterface
public interface RefreshLock {

    /** A held lock; closing releases it. */
    interface Held extends AutoCloseable {
        @Override
        void close();
    }

    /** Takes {@code key} for at most {@code ttl}, or returns empty while another holder has it. */
    Optional<Held> tryLock(String key, Duration ttl);
}
