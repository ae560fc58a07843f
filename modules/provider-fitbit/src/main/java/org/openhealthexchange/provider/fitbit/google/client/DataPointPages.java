package org.openhealthexchange.provider.fitbit.google.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.openhealthexchange.core.http.Paging;
import org.openhealthexchange.core.http.RetryBudget;
import org.openhealthexchange.core.spi.AccessTokenSource;
import org.openhealthexchange.core.spi.CallBudget;
import org.openhealthexchange.core.spi.ProviderException;

/**
 * {@code dataPoints.list} page by page ({@code GET /users/me/dataTypes/{type}/dataPoints?filter&pageSize&pageToken})
 * through core's {@link Paging}: the next page token is followed until there is none, a repeated token or more than
 * {@link #MAX_PAGES} pages is a bad response.
 */
public final class DataPointPages {

    /** A runaway guard: a 28-day window at the smallest page size (sleep, 25) stays far below it. */
    public static final int MAX_PAGES = 10_000;

    /** Receives one page's body and answers its next page token. */
    @FunctionalInterface
    public interface PageHandler {
        Optional<String> accept(JsonNode page) throws ProviderException;
    }

    private final GoogleHealthHttp http;
    private final String apiBaseUrl;

    public DataPointPages(GoogleHealthHttp http, String apiBaseUrl) {
        this.http = http;
        this.apiBaseUrl = apiBaseUrl;
    }

    /** Every page of {@code kebabType} matching {@code filter}, in pages of {@code pageSize}. */
    public void each(
            String kebabType,
            String filter,
            int pageSize,
            AccessTokenSource tokens,
            String user,
            CallBudget shared,
            RetryBudget retries,
            PageHandler handler)
            throws ProviderException {
        Paging.byToken("Google Health API: " + kebabType + " dataPoints", MAX_PAGES, token -> {
            Map<String, String> q = new LinkedHashMap<>();
            q.put("filter", filter);
            q.put("pageSize", String.valueOf(pageSize));
            if (token != null) {
                q.put("pageToken", token);
            }
            URI uri = URI.create(
                    apiBaseUrl + "/users/me/dataTypes/" + kebabType + "/dataPoints?" + GoogleHealthHttp.form(q));
            return handler.accept(http.get(uri, tokens, user, shared, retries)).orElse(null);
        });
    }
}
