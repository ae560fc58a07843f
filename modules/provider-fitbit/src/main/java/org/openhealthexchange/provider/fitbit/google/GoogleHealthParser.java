package org.openhealthexchange.provider.fitbit.google;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.openhealthexchange.core.record.DataType;
import org.openhealthexchange.core.record.DeviceInfo;
import org.openhealthexchange.core.record.Measurement;
import org.openhealthexchange.core.record.Series;
import org.openhealthexchange.core.spi.ProviderException;
import org.openhealthexchange.provider.fitbit.config.Fitbit;
import org.openhealthexchange.provider.fitbit.mapping.HeartRateWindows;
import org.openhealthexchange.provider.fitbit.mapping.SleepHours;

/**
 * Pure mapping of Google Health API {@code dataPoints} to records. int64 fields ({@code beatsPerMinute},
 * {@code count}, sleep {@code minutesAsleep}) arrive as JSON strings, doubles as numbers; both are accepted for
 * either. Measurements take their identifier from the data point {@code name}'s last segment, so a re-sync of the
 * same point maps to the same identifier. Anything malformed is a {@link ProviderException.Kind#BAD_RESPONSE}.
 */
final class GoogleHealthParser {

    static final String STEPS_UNIT = "{steps}";

    /** One page of {@code dataPoints.list}. */
    record Page(List<JsonNode> dataPoints, Optional<String> nextPageToken) {}

    private GoogleHealthParser() {}

    static Page page(JsonNode body) throws ProviderException {
        if (body == null || !body.isObject()) {
            throw bad("dataPoints reply is not a JSON object");
        }
        JsonNode points = body.path("dataPoints");
        if (!points.isMissingNode() && !points.isNull() && !points.isArray()) {
            throw bad("dataPoints is not an array");
        }
        List<JsonNode> list = new ArrayList<>();
        points.forEach(list::add);
        String token = body.path("nextPageToken").asText("");
        return new Page(list, token.isEmpty() ? Optional.empty() : Optional.of(token));
    }

    /** A heart-rate point as a sample. */
    static HeartRateWindows.Sample heartRate(JsonNode point) throws ProviderException {
        JsonNode hr = member(point, "heartRate");
        return new HeartRateWindows.Sample(
                sampleTime(hr), number(hr, "beatsPerMinute").doubleValue());
    }

    /** Adds a steps interval's count to the minutes it covers (spread evenly; one minute when shorter). */
    static void addSteps(JsonNode point, Map<Instant, Double> perMinute) throws ProviderException {
        JsonNode steps = member(point, "steps");
        JsonNode interval = steps.path("interval");
        Instant start = instant(interval, "startTime");
        Instant end = instant(interval, "endTime");
        double count = number(steps, "count").doubleValue();
        Instant first = HeartRateWindows.floor(start, HeartRateWindows.STEP);
        long minutes = Math.max(1, Duration.between(first, end).plusSeconds(59).toMinutes());
        for (long i = 0; i < minutes; i++) {
            perMinute.merge(first.plus(HeartRateWindows.STEP.multipliedBy(i)), count / minutes, Double::sum);
        }
    }

    /**
     * Steps per minute as series on the heart-rate window grid (same completeness and alignment rules), with their
     * own identifiers {@code steps-<windowStart>-<window>}.
     */
    static List<Series> stepSeries(
            Map<Instant, Double> perMinute, Duration window, Instant start, Instant end, Instant now, String deviceId) {
        List<HeartRateWindows.Sample> samples = new ArrayList<>(perMinute.size());
        perMinute.forEach((t, v) -> samples.add(new HeartRateWindows.Sample(t, v)));
        List<Series> out = new ArrayList<>();
        for (Series s : HeartRateWindows.toSeries(samples, window, start, end, now, deviceId)) {
            out.add(new Series(
                    Fitbit.ID,
                    "steps-" + s.start() + "-" + window,
                    DataType.STEPS,
                    s.start(),
                    s.interval(),
                    s.samples(),
                    STEPS_UNIT,
                    deviceId));
        }
        return out;
    }

    /** Daily totals ({@code steps_daily}, /d) of the complete UTC days in {@code [start, end)} that have steps. */
    static List<Measurement> dailySteps(
            Map<Instant, Double> perMinute, Instant start, Instant end, Instant now, String deviceId) {
        TreeMap<LocalDate, Double> days = new TreeMap<>();
        perMinute.forEach((t, v) -> {
            if (!t.isBefore(start) && t.isBefore(end)) {
                days.merge(LocalDate.ofInstant(t, ZoneOffset.UTC), v, Double::sum);
            }
        });
        List<Measurement> out = new ArrayList<>();
        days.forEach((day, total) -> {
            Instant dayStart = day.atStartOfDay(ZoneOffset.UTC).toInstant();
            Instant dayEnd = dayStart.plus(Duration.ofDays(1));
            if (dayStart.isBefore(start) || dayEnd.isAfter(end) || dayEnd.isAfter(now)) {
                return; // only whole days the fetch saw completely
            }
            out.add(new Measurement(
                    Fitbit.ID,
                    "steps-daily-" + day,
                    DataType.STEPS,
                    Fitbit.METRIC_STEPS_DAILY,
                    BigDecimal.valueOf(Math.round(total)),
                    "/d",
                    dayStart,
                    null,
                    deviceId));
        });
        return out;
    }

    /** Weight, SpO2, HRV or sleep as measurements; none when the point lacks every value we map. */
    static List<Measurement> measurements(GoogleDataTypes type, JsonNode point, String deviceId)
            throws ProviderException {
        JsonNode v = member(point, type.field());
        String id = sourceId(point);
        return switch (type) {
            case WEIGHT -> List.of(new Measurement(
                    Fitbit.ID,
                    id,
                    DataType.WEIGHT,
                    Fitbit.METRIC_WEIGHT,
                    number(v, "weightGrams"),
                    "g",
                    sampleTime(v),
                    null,
                    deviceId));
            case OXYGEN_SATURATION -> List.of(new Measurement(
                    Fitbit.ID,
                    id,
                    DataType.OXYGEN_SATURATION,
                    Fitbit.METRIC_SPO2,
                    number(v, "percentage"),
                    "%",
                    sampleTime(v),
                    null,
                    deviceId));
            case HEART_RATE_VARIABILITY -> hrv(v, id, deviceId);
            case SLEEP -> List.of(sleep(v, id, deviceId));
            default -> throw new IllegalArgumentException(type + " is not a measurement type");
        };
    }

    /**
     * RMSSD (Fitbit's HRV, the same measure as the legacy {@code dailyRmssd}) and SDNN, each under its own metric
     * and code, whichever the point has: one number is never filed as the other.
     */
    private static List<Measurement> hrv(JsonNode v, String id, String deviceId) throws ProviderException {
        List<Measurement> out = new ArrayList<>(2);
        if (v.hasNonNull("rootMeanSquareOfSuccessiveDifferencesMilliseconds")) {
            out.add(new Measurement(
                    Fitbit.ID,
                    id,
                    DataType.HEART_RATE_VARIABILITY,
                    Fitbit.METRIC_HRV_RMSSD,
                    number(v, "rootMeanSquareOfSuccessiveDifferencesMilliseconds"),
                    "ms",
                    sampleTime(v),
                    null,
                    deviceId));
        }
        if (v.hasNonNull("standardDeviationMilliseconds")) {
            out.add(new Measurement(
                    Fitbit.ID,
                    id,
                    DataType.HEART_RATE_VARIABILITY,
                    Fitbit.METRIC_HRV_SDNN,
                    number(v, "standardDeviationMilliseconds"),
                    "ms",
                    sampleTime(v),
                    null,
                    deviceId));
        }
        return out;
    }

    private static Measurement sleep(JsonNode sleep, String id, String deviceId) throws ProviderException {
        JsonNode interval = sleep.path("interval");
        Instant start = instant(interval, "startTime");
        Instant end = instant(interval, "endTime");
        BigDecimal minutes = sleep.path("summary").hasNonNull("minutesAsleep")
                ? number(sleep.path("summary"), "minutesAsleep")
                : BigDecimal.valueOf(Duration.between(start, end).toMinutes());
        return new Measurement(
                Fitbit.ID,
                id,
                DataType.SLEEP,
                Fitbit.METRIC_SLEEP,
                SleepHours.ofMinutes(minutes),
                "h",
                end,
                null,
                deviceId);
    }

    /** The device behind a point ({@code dataSource.device}), if any; its id is stable per manufacturer and name. */
    static Optional<DeviceInfo> device(JsonNode point) {
        JsonNode d = point.path("dataSource").path("device");
        if (!d.isObject()) {
            return Optional.empty();
        }
        String name = text(d, "displayName");
        String manufacturer = text(d, "manufacturer");
        String formFactor = text(d, "formFactor");
        if (name == null && manufacturer == null) {
            return Optional.empty();
        }
        String id = ((manufacturer == null ? "" : manufacturer + "-") + (name == null ? "device" : name))
                .toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9]+", "-")
                .replaceAll("(^-|-$)", "");
        return Optional.of(new DeviceInfo(
                Fitbit.ID,
                id,
                formFactor == null ? null : formFactor.toLowerCase(Locale.ROOT).replace('_', ' '),
                name,
                manufacturer,
                null,
                null));
    }

    /** The last segment of the data point's {@code name} ({@code users/…/dataPoints/<id>}). */
    static String sourceId(JsonNode point) throws ProviderException {
        String name = text(point, "name");
        if (name == null || name.endsWith("/")) {
            throw bad("data point without a name");
        }
        return name.substring(name.lastIndexOf('/') + 1);
    }

    private static JsonNode member(JsonNode point, String field) throws ProviderException {
        JsonNode v = point == null ? null : point.get(field);
        if (v == null || !v.isObject()) {
            throw bad("data point without '" + field + "'");
        }
        return v;
    }

    private static Instant sampleTime(JsonNode value) throws ProviderException {
        return instant(value.path("sampleTime"), "physicalTime");
    }

    private static Instant instant(JsonNode node, String field) throws ProviderException {
        String s = text(node, field);
        if (s == null) {
            throw bad("missing " + field);
        }
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            throw bad("bad timestamp in " + field);
        }
    }

    private static BigDecimal number(JsonNode node, String field) throws ProviderException {
        JsonNode v = node.get(field);
        try {
            if (v != null && v.isNumber()) {
                return v.decimalValue();
            }
            if (v != null && v.isTextual()) {
                return new BigDecimal(v.asText()); // int64 as a JSON string
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw bad("missing or non-numeric " + field);
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v == null || !v.isTextual() || v.asText().isBlank() ? null : v.asText();
    }

    static ProviderException bad(String message) {
        return new ProviderException(ProviderException.Kind.BAD_RESPONSE, null, "Google Health API: " + message);
    }
}
