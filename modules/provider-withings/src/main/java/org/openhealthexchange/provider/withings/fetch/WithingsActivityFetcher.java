package org.openhealthexchange.provider.withings.fetch;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openhealthexchange.core.spi.FetchRequest;
import org.openhealthexchange.core.spi.ProviderException;
import org.openhealthexchange.provider.withings.client.WithingsApiClient;
import org.openhealthexchange.provider.withings.client.WithingsPages;
import org.openhealthexchange.provider.withings.mapping.WithingsActivityParser;
import org.openhealthexchange.provider.withings.mapping.WithingsIntradayParser;

/**
 * {@code POST /v2/measure}: daily activity ({@code getactivity}, paged) and intraday heart rate
 * ({@code getintradayactivity}, one call per 24 h because longer windows are cut without warning).
 */
final class WithingsActivityFetcher {

    static final String PATH = "/v2/measure";

    private WithingsActivityFetcher() {}

    static void dailySteps(WithingsApiClient client, FetchRequest request, Instant now, CountingBatches out)
            throws ProviderException {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("action", "getactivity");
        form.put("startdateymd", WithingsWindows.firstDay(request.start()));
        form.put("enddateymd", WithingsWindows.lastDay(request.end()));
        form.put("data_fields", "steps");
        WithingsPages.each(
                client, PATH, form, request.tokens(), body -> out.emit(WithingsActivityParser.parse(body, now)));
    }

    static void intradayHeartRate(WithingsApiClient client, FetchRequest request, Instant now, CountingBatches out)
            throws ProviderException {
        for (WithingsWindows.Window window : WithingsWindows.intraday(request.start(), request.end(), now)) {
            Map<String, String> form = new LinkedHashMap<>();
            form.put("action", "getintradayactivity");
            form.put("startdate", Long.toString(window.start().getEpochSecond()));
            form.put("enddate", Long.toString(window.end().getEpochSecond()));
            form.put("data_fields", "heart_rate");
            var body = client.call(PATH, form, request.tokens());
            WithingsIntradayParser.heartRate(body, window.start(), window.end()).ifPresent(s -> out.emit(List.of(s)));
        }
    }
}
