package org.openhealthexchange.provider.withings.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import org.openhealthexchange.core.http.Paging;
import org.openhealthexchange.core.spi.AccessTokenSource;
import org.openhealthexchange.core.spi.ProviderException;

/**
 * Walks Withings' offset paging (core's {@link Paging}, with its page cap): call, hand the page over, and while {@code more} is set call again with the
 * returned {@code offset}. Pages are handed over one at a time so a long backfill never sits in memory.
 */
public final class WithingsPages {

    /** A runaway guard: far beyond any real history, small enough to stop a vendor loop within minutes. */
    static final int MAX_PAGES = 10_000;

    /** Receives one page's {@code body}. */
    @FunctionalInterface
    public interface PageHandler {
        void accept(JsonNode body) throws ProviderException;
    }

    private WithingsPages() {}

    public static void each(
            WithingsApiClient client,
            String path,
            Map<String, String> form,
            AccessTokenSource tokens,
            PageHandler handler)
            throws ProviderException {
        Map<String, String> params = new LinkedHashMap<>(form);
        String what = "Withings: " + path + " " + form.get("action");
        Paging.byOffset(what, MAX_PAGES, null, offset -> {
            if (offset != null) {
                params.put("offset", Long.toString(offset));
            }
            JsonNode body = client.call(path, params, tokens);
            handler.accept(body);
            // "more" without a usable new offset would repeat the same page forever: Paging refuses it.
            return WithingsJson.more(body) ? WithingsJson.number(body, "offset").orElse(-1) : null;
        });
    }
}
