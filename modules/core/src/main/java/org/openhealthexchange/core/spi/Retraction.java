package org.openhealthexchange.core.spi;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * Take back what a sink holds from {@code provider} for one subject in {@code [start, end)} whose identifier kind is
 * one of {@code kinds} (the {@code <kind>} of {@code urn:ohe:<provider>:<kind>}), except the records in {@code keep}
 * ({@code <kind>|<sourceId>}, what the vendor still has); only what came from vendor {@code account} is touched.
 * Used when a vendor reports deleted data.
 */
public record Retraction(
        String provider,
        String ehrUserId,
        String account,
        Set<String> kinds,
        Instant start,
        Instant end,
        Set<String> keep) {

    public Retraction {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(ehrUserId, "ehrUserId");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        kinds = Set.copyOf(kinds);
        keep = Set.copyOf(keep);
    }

    /** The {@code keep} entry of a record. */
    public static String keepKey(String kind, String sourceId) {
        return kind + "|" + sourceId;
    }
}
