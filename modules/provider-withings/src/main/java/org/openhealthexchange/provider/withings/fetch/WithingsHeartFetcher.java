package org.openhealthexchange.provider.withings.fetch;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.openhealthexchange.core.record.Ecg;
import org.openhealthexchange.core.spi.FetchRequest;
import org.openhealthexchange.core.spi.ProviderException;
import org.openhealthexchange.provider.withings.client.WithingsApiClient;
import org.openhealthexchange.provider.withings.client.WithingsPages;
import org.openhealthexchange.provider.withings.mapping.WithingsEcgParser;

/**
 * {@code POST /v2/heart}: {@code list} the recordings of the window, then {@code get} each signal. A page's ECGs are
 * handed over together, so at most one page of signals (a few hundred kB) is held at once.
 */
final class WithingsHeartFetcher {

    static final String PATH = "/v2/heart";

    private WithingsHeartFetcher() {}

    static void ecgs(WithingsApiClient client, FetchRequest request, CountingBatches out) throws ProviderException {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("action", "list");
        form.put("startdate", Long.toString(request.start().getEpochSecond()));
        form.put("enddate", Long.toString(request.end().getEpochSecond()));
        WithingsPages.each(client, PATH, form, request.tokens(), body -> {
            List<Ecg> page = new ArrayList<>();
            for (JsonNode row : body.path("series")) {
                OptionalLong signalId = WithingsEcgParser.signalId(row);
                if (signalId.isPresent()) {
                    page.add(WithingsEcgParser.parse(row, signal(client, request, signalId.getAsLong())));
                }
            }
            out.emit(page);
        });
    }

    private static JsonNode signal(WithingsApiClient client, FetchRequest request, long signalId)
            throws ProviderException {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("action", "get");
        form.put("signalid", Long.toString(signalId));
        return client.call(PATH, form, request.tokens());
    }
}
