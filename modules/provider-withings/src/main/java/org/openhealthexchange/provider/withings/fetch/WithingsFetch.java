package org.openhealthexchange.provider.withings.fetch;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.openhealthexchange.core.record.DataType;
import org.openhealthexchange.core.spi.FetchOutcome;
import org.openhealthexchange.core.spi.FetchRequest;
import org.openhealthexchange.core.spi.ProviderException;
import org.openhealthexchange.core.spi.RecordBatchConsumer;
import org.openhealthexchange.provider.withings.client.WithingsApiClient;
import org.openhealthexchange.provider.withings.config.Withings;
import org.openhealthexchange.provider.withings.mapping.WithingsDeviceParser;
import org.openhealthexchange.provider.withings.mapping.WithingsMeasureType;

/**
 * One fetch: decides which Withings services the requested types need and runs them in a fixed order. Stops at
 * the first failure, since the job is retried as a whole and every record is idempotent downstream.
 */
public final class WithingsFetch {

    static final String USER_PATH = "/v2/user";

    private WithingsFetch() {}

    /** @param now the fetch time: days and intraday windows not over by then are left for a later sync */
    public static FetchOutcome run(
            WithingsApiClient client, FetchRequest request, Instant now, RecordBatchConsumer consumer)
            throws ProviderException {
        Set<DataType> types = typesOf(request);
        CountingBatches out = new CountingBatches(consumer);
        Optional<String> cursor = request.cursor();
        if (!WithingsMeasureType.forTypes(types).isEmpty()) {
            Optional<String> updateTime = WithingsMeasureFetcher.fetch(client, request, types, out);
            cursor = updateTime.or(() -> request.cursor());
        }
        if (types.contains(DataType.STEPS) || types.contains(DataType.ACTIVITY)) {
            WithingsActivityFetcher.dailySteps(client, request, now, out);
        }
        if (types.contains(DataType.HEART_RATE)) {
            WithingsActivityFetcher.intradayHeartRate(client, request, now, out);
        }
        if (types.contains(DataType.ECG)) {
            WithingsHeartFetcher.ecgs(client, request, out);
        }
        if (types.contains(DataType.SLEEP)) {
            WithingsSleepFetcher.nights(client, request, out);
        }
        if (types.contains(DataType.DEVICE)) {
            out.emit(WithingsDeviceParser.parse(
                    client.call(USER_PATH, Map.of("action", "getdevice"), request.tokens())));
        }
        return new FetchOutcome(out.records(), cursor);
    }

    /** The requested types Withings has; an empty request means "everything", as for an unknown notification. */
    static Set<DataType> typesOf(FetchRequest request) {
        if (request.types().isEmpty()) {
            return Withings.DATA_TYPES;
        }
        Set<DataType> types = EnumSet.noneOf(DataType.class);
        request.types().stream().filter(Withings.DATA_TYPES::contains).forEach(types::add);
        return types;
    }
}
