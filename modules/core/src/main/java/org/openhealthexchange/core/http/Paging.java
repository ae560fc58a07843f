package org.openhealthexchange.core.http;

import java.util.Objects;
import org.openhealthexchange.core.spi.ProviderException;
import org.openhealthexchange.core.spi.ProviderException.Kind;

/**
 * Walks a vendor's pages one at a time (so a long history never sits in memory) and stops a vendor that pages
 * forever: at most {@code maxPages} pages, and a cursor that does not move on (the same next-page token again, an
 * offset that does not grow) is a bad response, not another page.
 */
public final class Paging {

    private Paging() {}

    /** Fetches and handles the page at {@code cursor} (null: the first); returns the next cursor or null at the end. */
    @FunctionalInterface
    public interface Step<C> {
        C page(C cursor) throws ProviderException;
    }

    /** Follows next-page tokens; a token equal to the previous one is a loop. Returns the pages read. */
    public static int byToken(String what, int maxPages, Step<String> step) throws ProviderException {
        String cursor = null;
        for (int page = 1; page <= maxPages; page++) {
            String next = step.page(cursor);
            if (next == null || next.isEmpty()) {
                return page;
            }
            if (next.equals(cursor)) {
                throw bad(what + " answered the same page token twice");
            }
            cursor = next;
        }
        throw bad(what + " kept paging past " + maxPages + " pages");
    }

    /**
     * Follows offsets; each next offset must be positive and beyond the previous one. Returns the pages read.
     *
     * @param first the offset of the first page, or null to send none
     */
    public static int byOffset(String what, int maxPages, Long first, Step<Long> step) throws ProviderException {
        Long cursor = first;
        long previous = first == null ? -1 : first;
        for (int page = 1; page <= maxPages; page++) {
            Long next = step.page(cursor);
            if (next == null) {
                return page;
            }
            if (next <= 0 || next <= previous) {
                throw bad(what + " said more=true with offset " + next);
            }
            previous = next;
            cursor = next;
        }
        throw bad(what + " kept paging past " + maxPages + " pages");
    }

    private static ProviderException bad(String message) {
        return new ProviderException(Kind.BAD_RESPONSE, null, Objects.requireNonNull(message));
    }
}
