package org.openhealthexchange.core.spi;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.openhealthexchange.core.record.DataType;

/**
 * One fetch: which subject, which half-open window {@code [start, end)}, which types, where the previous
 * incremental fetch stopped ({@code cursor}, provider specific), and the deployment-wide budget of vendor calls
 * ({@code budget}; null when the caller has none, then the adapter counts in-process).
 */
public record FetchRequest(
        String ehrUserId,
        String externalUserId,
        Instant start,
        Instant end,
        Set<DataType> types,
        Optional<String> cursor,
        AccessTokenSource tokens,
        CallBudget budget) {

    public FetchRequest {
        Objects.requireNonNull(ehrUserId, "ehrUserId");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (!start.isBefore(end)) {
            throw new IllegalArgumentException("start must be before end");
        }
        types = Set.copyOf(types);
        cursor = cursor == null ? Optional.empty() : cursor;
    }

    /** A fetch without a shared call budget (tests, tools): the adapter limits itself in-process. */
    public FetchRequest(
            String ehrUserId,
            String externalUserId,
            Instant start,
            Instant end,
            Set<DataType> types,
            Optional<String> cursor,
            AccessTokenSource tokens) {
        this(ehrUserId, externalUserId, start, end, types, cursor, tokens, null);
    }
}
