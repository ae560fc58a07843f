package org.openhealthexchange.provider.withings.fetch;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;
import org.openhealthexchange.core.record.DataType;
import org.openhealthexchange.core.spi.FetchRequest;
import org.openhealthexchange.core.spi.ProviderException;
import org.openhealthexchange.provider.withings.client.WithingsApiClient;
import org.openhealthexchange.provider.withings.client.WithingsPages;
import org.openhealthexchange.provider.withings.mapping.WithingsMeasureParser;
import org.openhealthexchange.provider.withings.mapping.WithingsMeasureType;

/**
 * {@code POST /measure action=getmeas}: body, blood-pressure, pulse, SpO2 and temperature measures. With a cursor
 * it asks for everything modified since ({@code lastupdate}), which also picks up late edits of old measures.
 */
final class WithingsMeasureFetcher {

    static final String PATH = "/measure";

    private WithingsMeasureFetcher() {}

    /** @return the {@code updatetime} of the first page, the next incremental fetch's {@code lastupdate} */
    static Optional<String> fetch(
            WithingsApiClient client, FetchRequest request, Set<DataType> types, CountingBatches out)
            throws ProviderException {
        List<WithingsMeasureType> measTypes = WithingsMeasureType.forTypes(types);
        Map<String, String> form = new LinkedHashMap<>();
        form.put("action", "getmeas");
        form.put(
                "meastypes",
                measTypes.stream()
                        .map(t -> Integer.toString(t.code()))
                        .distinct()
                        .collect(Collectors.joining(",")));
        form.put("category", "1");
        OptionalLong lastUpdate = cursor(request);
        Instant from = null;
        Instant until = null;
        if (lastUpdate.isPresent()) {
            form.put("lastupdate", Long.toString(lastUpdate.getAsLong()));
        } else {
            from = request.start();
            until = request.end();
            form.put("startdate", Long.toString(from.getEpochSecond()));
            form.put("enddate", Long.toString(until.getEpochSecond()));
        }
        Instant windowStart = from;
        Instant windowEnd = until;
        OptionalLong[] updateTime = {OptionalLong.empty()};
        WithingsPages.each(client, PATH, form, request.tokens(), body -> {
            WithingsMeasureParser.Page page = WithingsMeasureParser.parse(body, types, windowStart, windowEnd);
            if (updateTime[0].isEmpty()) {
                // The first page's server time is the safe resume point: nothing modified later is skipped.
                updateTime[0] = page.updateTime();
            }
            out.emit(page.measurements());
        });
        return updateTime[0].isPresent() ? Optional.of(Long.toString(updateTime[0].getAsLong())) : Optional.empty();
    }

    /** Our own cursor is an epoch second; anything else (an old format) falls back to the window. */
    private static OptionalLong cursor(FetchRequest request) {
        return request.cursor()
                .filter(c -> c.matches("\\d{1,12}"))
                .map(c -> OptionalLong.of(Long.parseLong(c)))
                .orElse(OptionalLong.empty());
    }
}
