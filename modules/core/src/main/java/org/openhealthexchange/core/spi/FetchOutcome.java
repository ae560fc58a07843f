package org.openhealthexchange.core.spi;

import java.util.Optional;

/** What a fetch did: how many records it handed over and the cursor the next incremental fetch starts from. */
public record FetchOutcome(long records, Optional<String> nextCursor) {

    public FetchOutcome {
        nextCursor = nextCursor == null ? Optional.empty() : nextCursor;
    }
}
