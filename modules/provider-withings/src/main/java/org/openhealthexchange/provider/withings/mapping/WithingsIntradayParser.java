package org.openhealthexchange.provider.withings.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.openhealthexchange.core.record.DataType;
import org.openhealthexchange.core.record.Series;
import org.openhealthexchange.provider.withings.config.Withings;

/**
 * Resamples one {@code getintradayactivity} reply onto a 60-second heart-rate grid. Withings keys samples by
 * irregular epoch seconds (every few minutes at rest, every second in a workout); a fixed grid is what a
 * SampledData observation needs. Several samples in one minute are averaged, minutes without one are NaN.
 */
public final class WithingsIntradayParser {

    public static final Duration GRID = Duration.ofSeconds(60);
    public static final String UNIT = "/min";

    private WithingsIntradayParser() {}

    /**
     * @param windowStart inclusive start of the window asked for; the grid starts here
     * @param windowEnd   exclusive end; samples outside {@code [windowStart, windowEnd)} are ignored
     * @return the series, or empty when the window holds no heart-rate sample at all
     */
    public static Optional<Series> heartRate(JsonNode body, Instant windowStart, Instant windowEnd) {
        long start = windowStart.getEpochSecond();
        long seconds = windowEnd.getEpochSecond() - start;
        int slots = (int) Math.max(0, (seconds + GRID.getSeconds() - 1) / GRID.getSeconds());
        double[] sums = new double[slots];
        int[] counts = new int[slots];
        Set<String> devices = new HashSet<>();
        // An empty series comes back as [] rather than {}, so only an object holds samples.
        JsonNode series = body.path("series");
        Iterator<Map.Entry<String, JsonNode>> entries =
                series.isObject() ? series.fields() : Collections.emptyIterator();
        while (entries.hasNext()) {
            Map.Entry<String, JsonNode> entry = entries.next();
            JsonNode hr = entry.getValue().get("heart_rate");
            Long at = epoch(entry.getKey());
            if (at == null || hr == null || !hr.isNumber() || at < start || at >= start + seconds) {
                continue;
            }
            int slot = (int) ((at - start) / GRID.getSeconds());
            sums[slot] += hr.doubleValue();
            counts[slot]++;
            JsonNode device = entry.getValue().get("deviceid");
            devices.add(device == null || device.isNull() ? "" : device.asText());
        }
        if (Arrays.stream(counts).allMatch(c -> c == 0)) {
            return Optional.empty();
        }
        double[] samples = new double[slots];
        for (int i = 0; i < slots; i++) {
            samples[i] = counts[i] == 0 ? Double.NaN : sums[i] / counts[i];
        }
        // One device is the normal case; with several the series has no single source device.
        String deviceId = devices.size() == 1 && !devices.contains("")
                ? devices.iterator().next()
                : null;
        return Optional.of(new Series(
                Withings.ID, "hr-" + start, DataType.HEART_RATE, windowStart, GRID, samples, UNIT, deviceId));
    }

    private static Long epoch(String key) {
        try {
            return Long.parseLong(key.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
