package org.openhealthexchange.core.spi;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** An HTTP request as a webhook receiver sees it: raw body bytes, headers (case-insensitive) and query. */
public record InboundRequest(
        String method, Map<String, List<String>> headers, Map<String, List<String>> query, byte[] body) {

    public InboundRequest {
        method = method.toUpperCase(Locale.ROOT);
        var h = new TreeMap<String, List<String>>(String.CASE_INSENSITIVE_ORDER);
        h.putAll(headers);
        headers = h;
        query = Map.copyOf(query);
        body = body == null ? new byte[0] : body;
    }

    public Optional<String> header(String name) {
        var values = headers.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.ofNullable(values.get(0));
    }

    public Optional<String> queryParam(String name) {
        var values = query.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.ofNullable(values.get(0));
    }
}
