package org.openhealthexchange.sandbox.withings;

import java.util.List;

/**
 * One page of a Withings list: at most {@code size} rows from {@code offset}; when rows remain, {@code more} is set
 * and {@code nextOffset} is what the caller sends as {@code offset} next (0 on the last page).
 */
record Page<T>(List<T> rows, boolean more, int nextOffset) {

    static <T> Page<T> of(List<T> all, int offset, int size) {
        if (offset >= all.size()) {
            return new Page<>(List.of(), false, 0);
        }
        int end = (int) Math.min((long) offset + size, all.size());
        boolean more = end < all.size();
        return new Page<>(all.subList(offset, end), more, more ? end : 0);
    }
}
