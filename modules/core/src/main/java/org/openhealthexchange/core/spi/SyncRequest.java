package org.openhealthexchange.core.spi;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import org.openhealthexchange.core.record.DataType;

/**
 * A request to sync one vendor user's data in a window, derived from a notification. {@code dedupKey} is equal
 * for two deliveries of the same notification, so they become one job.
 */
public record SyncRequest(String provider, String externalUserId, Instant start, Instant end, Set<DataType> types,
        String dedupKey) {

    public SyncRequest {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(externalUserId, "externalUserId");
        Objects.requireNonNull(dedupKey, "dedupKey");
        types = Set.copyOf(types);
    }
}
