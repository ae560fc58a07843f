package org.openhealthexchange.core.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openhealthexchange.core.spi.ProviderException;
import org.openhealthexchange.core.spi.ProviderException.Kind;

class PagingTest {

    @Test
    void followsTokensUntilThereIsNone() throws ProviderException {
        List<String> seen = new ArrayList<>();
        List<String> next = new ArrayList<>(Arrays.asList("b", "c", ""));
        int pages = Paging.byToken("list", 10, cursor -> {
            seen.add(cursor);
            return next.remove(0);
        });
        assertEquals(3, pages);
        assertEquals(Arrays.asList(null, "b", "c"), seen);
    }

    @Test
    void aRepeatedTokenOrTooManyPagesIsABadResponse() {
        ProviderException loop = assertThrows(ProviderException.class, () -> Paging.byToken("list", 10, c -> "same"));
        assertEquals(Kind.BAD_RESPONSE, loop.kind());
        assertTrue(loop.getMessage().contains("same page token"), loop.getMessage());

        int[] n = new int[1];
        ProviderException cap =
                assertThrows(ProviderException.class, () -> Paging.byToken("list", 5, c -> "t" + n[0]++));
        assertTrue(cap.getMessage().contains("past 5 pages"), cap.getMessage());
        assertEquals(5, n[0], "the cap is the number of pages read");
    }

    @Test
    void followsGrowingOffsets() throws ProviderException {
        List<Long> seen = new ArrayList<>();
        List<Long> next = new ArrayList<>(Arrays.asList(100L, 200L, null));
        assertEquals(3, Paging.byOffset("getmeas", 10, null, o -> {
            seen.add(o);
            return next.remove(0);
        }));
        assertEquals(Arrays.asList(null, 100L, 200L), seen);
    }

    @Test
    void anOffsetThatDoesNotGrowIsABadResponse() {
        List<Long> next = new ArrayList<>(Arrays.asList(100L, 100L));
        ProviderException e =
                assertThrows(ProviderException.class, () -> Paging.byOffset("getmeas", 10, null, o -> next.remove(0)));
        assertEquals(Kind.BAD_RESPONSE, e.kind());
        assertEquals("getmeas said more=true with offset 100", e.getMessage());
        assertThrows(ProviderException.class, () -> Paging.byOffset("getmeas", 10, null, o -> 0L));
    }
}
