package org.openhealthexchange.core.spi;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import org.openhealthexchange.core.record.DataType;

/**
 * What one verified notification asks for: sync one vendor user's data in a window, reconcile a window whose data
 * the vendor deleted, or drop the link because the user revoked access at the vendor. {@code dedupKey} is equal
 * for two deliveries of the same notification, so they become one inbox row and one job.
 */
public record SyncRequest(
        String provider,
        String externalUserId,
        Instant start,
        Instant end,
        Set<DataType> types,
        String dedupKey,
        Action action) {

    /** What the notification means. */
    public enum Action {
        /** New or changed data in the window: fetch it and publish it. */
        SYNC,
        /**
         * The vendor deleted data of {@code types} in the window: re-fetch the window and retract from the sinks what
         * was published from it and is no longer at the vendor.
         */
        DELETE,
        /** The user revoked OHE's access at the vendor: deactivate the link; window and types are ignored. */
        REVOKE;

        public String code() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static Action fromCode(String code) {
            return code == null || code.isBlank() ? SYNC : valueOf(code.toUpperCase(java.util.Locale.ROOT));
        }
    }

    public SyncRequest {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(externalUserId, "externalUserId");
        Objects.requireNonNull(dedupKey, "dedupKey");
        types = Set.copyOf(types);
        action = action == null ? Action.SYNC : action;
    }

    /** A plain "new data" notification. */
    public SyncRequest(
            String provider, String externalUserId, Instant start, Instant end, Set<DataType> types, String dedupKey) {
        this(provider, externalUserId, start, end, types, dedupKey, Action.SYNC);
    }

    /** The user revoked access at the vendor. */
    public static SyncRequest revoke(String provider, String externalUserId, String dedupKey) {
        return new SyncRequest(provider, externalUserId, null, null, Set.of(), dedupKey, Action.REVOKE);
    }
}
