package org.openhealthexchange.provider.withings.fetch;

import java.util.LinkedHashMap;
import java.util.Map;
import org.openhealthexchange.core.spi.FetchRequest;
import org.openhealthexchange.core.spi.ProviderException;
import org.openhealthexchange.provider.withings.client.WithingsApiClient;
import org.openhealthexchange.provider.withings.client.WithingsPages;
import org.openhealthexchange.provider.withings.mapping.WithingsSleepParser;

/** {@code POST /v2/sleep action=getsummary}: one summary per night of the window's days, paged. */
final class WithingsSleepFetcher {

    static final String PATH = "/v2/sleep";

    private WithingsSleepFetcher() {}

    static void nights(WithingsApiClient client, FetchRequest request, CountingBatches out) throws ProviderException {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("action", "getsummary");
        form.put("startdateymd", WithingsWindows.firstDay(request.start()));
        form.put("enddateymd", WithingsWindows.lastDay(request.end()));
        form.put("data_fields", WithingsSleepParser.DATA_FIELDS);
        WithingsPages.each(client, PATH, form, request.tokens(), body -> out.emit(WithingsSleepParser.parse(body)));
    }
}
