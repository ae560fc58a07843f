package org.openhealthexchange.provider.fitbit.legacy;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.openhealthexchange.core.record.DataType;
import org.openhealthexchange.core.record.DeviceInfo;
import org.openhealthexchange.core.record.Measurement;
import org.openhealthexchange.core.record.Series;
import org.openhealthexchange.core.spi.ProviderException;
import org.openhealthexchange.core.spi.ProviderException.Kind;
import org.openhealthexchange.provider.fitbit.config.Fitbit;
import org.openhealthexchange.provider.fitbit.mapping.HeartRateWindows;
import org.openhealthexchange.provider.fitbit.mapping.SleepHours;

/**
 * Legacy Fitbit Web API replies to OHE records. Legacy times are the user's local wall-clock time without an offset,
 * so every parser takes the user's zone (from {@code /1/user/-/profile.json}). Identifiers follow the conventions
 * both generations share: {@code steps-daily-<date>}, {@code spo2-<date>}, {@code hrv-<date>}, weight and sleep by
 * Fitbit's {@code logId}, devices by their id, intraday windows as {@link HeartRateWindows} names them.
 */
public final class LegacyParsers {

    public static final String STEPS_UNIT = "{steps}";

    private LegacyParsers() {}

    /**
     * The user's zone: the IANA {@code timezone} of the profile, else the fixed {@code offsetFromUTCMillis}.
     */
    public static ZoneId zone(JsonNode profile) throws ProviderException {
        JsonNode user = profile.path("user");
        if (user.path("timezone").isTextual()) {
            try {
                return ZoneId.of(user.path("timezone").asText());
            } catch (DateTimeException e) {
                // fall through to the offset
            }
        }
        if (user.path("offsetFromUTCMillis").isNumber()) {
            return ZoneOffset.ofTotalSeconds(
                    (int) (user.path("offsetFromUTCMillis").asLong() / 1000));
        }
        throw bad("the profile has neither timezone nor offsetFromUTCMillis");
    }

    /** Minute samples of an intraday reply ({@code activities-heart-intraday} or {@code activities-steps-intraday}). */
    public static List<HeartRateWindows.Sample> intraday(JsonNode reply, String resource, LocalDate date, ZoneId zone)
            throws ProviderException {
        JsonNode dataset = reply.path("activities-" + resource + "-intraday").path("dataset");
        if (!dataset.isArray()) {
            throw bad("no activities-" + resource + "-intraday.dataset for " + date);
        }
        List<HeartRateWindows.Sample> out = new ArrayList<>(dataset.size());
        for (JsonNode point : dataset) {
            if (!point.path("value").isNumber()) {
                continue;
            }
            Instant t = local(date.atTime(LocalTime.parse(point.path("time").asText())), zone);
            out.add(new HeartRateWindows.Sample(t, point.path("value").asDouble()));
        }
        return out;
    }

    /** Intraday steps in the same complete UTC windows as heart rate, {@code steps-<windowStart>-<window>}. */
    public static List<Series> stepSeries(
            List<HeartRateWindows.Sample> samples, Duration window, Instant start, Instant end, Instant now) {
        return HeartRateWindows.toSeries(samples, window, start, end, now, null).stream()
                .map(s -> new Series(
                        Fitbit.ID,
                        "steps-" + s.start() + "-" + window,
                        DataType.STEPS,
                        s.start(),
                        s.interval(),
                        s.samples(),
                        STEPS_UNIT,
                        s.deviceId()))
                .toList();
    }

    /** Daily totals of {@code activities-steps} for the days in {@code [first, last]} that ended by {@code now}. */
    public static List<Measurement> dailySteps(
            JsonNode reply, LocalDate first, LocalDate last, ZoneId zone, Instant now) throws ProviderException {
        List<Measurement> out = new ArrayList<>();
        for (JsonNode day : array(reply.path("activities-steps"), "activities-steps")) {
            LocalDate date = date(day.path("dateTime"));
            if (date.isBefore(first)
                    || date.isAfter(last)
                    || local(date.plusDays(1).atStartOfDay(), zone).isAfter(now)) {
                continue;
            }
            out.add(new Measurement(
                    Fitbit.ID,
                    "steps-daily-" + date,
                    DataType.STEPS,
                    Fitbit.METRIC_STEPS_DAILY,
                    number(day.path("value")),
                    "/d",
                    local(date.atStartOfDay(), zone),
                    null,
                    null));
        }
        return out;
    }

    /** Weight logs ({@code weight[]}, requested in kg) effective in {@code [start, end)}. */
    public static List<Measurement> weights(JsonNode reply, ZoneId zone, Instant start, Instant end)
            throws ProviderException {
        List<Measurement> out = new ArrayList<>();
        for (JsonNode log : array(reply.path("weight"), "weight")) {
            LocalDate date = date(log.path("date"));
            LocalTime time = log.path("time").isTextual()
                    ? LocalTime.parse(log.path("time").asText())
                    : LocalTime.MIDNIGHT;
            Instant at = local(date.atTime(time), zone);
            if (in(at, start, end)) {
                out.add(new Measurement(
                        Fitbit.ID,
                        id(log.path("logId")),
                        DataType.WEIGHT,
                        Fitbit.METRIC_WEIGHT,
                        number(log.path("weight")),
                        "kg",
                        at,
                        null,
                        null));
            }
        }
        return out;
    }

    /** Daily SpO2 averages (the range reply is a bare array; a single day is one object). */
    public static List<Measurement> spo2(JsonNode reply, LocalDate first, LocalDate last, ZoneId zone)
            throws ProviderException {
        List<Measurement> out = new ArrayList<>();
        for (JsonNode day : reply.isObject() ? List.of(reply) : array(reply, "spo2")) {
            if (!day.path("value").path("avg").isNumber()) {
                continue;
            }
            LocalDate date = date(day.path("dateTime"));
            if (!date.isBefore(first) && !date.isAfter(last)) {
                out.add(new Measurement(
                        Fitbit.ID,
                        "spo2-" + date,
                        DataType.OXYGEN_SATURATION,
                        Fitbit.METRIC_SPO2,
                        number(day.path("value").path("avg")),
                        "%",
                        local(date.atStartOfDay(), zone),
                        null,
                        null));
            }
        }
        return out;
    }

    /**
     * Daily HRV: {@code hrv[].value.dailyRmssd}, an RMSSD in ms, filed as {@code hrv_rmssd} like the Google Health
     * API's RMSSD. It is no SDNN, so it never goes under LOINC 80404-7.
     */
    public static List<Measurement> hrv(JsonNode reply, LocalDate first, LocalDate last, ZoneId zone)
            throws ProviderException {
        List<Measurement> out = new ArrayList<>();
        for (JsonNode day : array(reply.path("hrv"), "hrv")) {
            if (!day.path("value").path("dailyRmssd").isNumber()) {
                continue;
            }
            LocalDate date = date(day.path("dateTime"));
            if (!date.isBefore(first) && !date.isAfter(last)) {
                out.add(new Measurement(
                        Fitbit.ID,
                        "hrv-" + date,
                        DataType.HEART_RATE_VARIABILITY,
                        Fitbit.METRIC_HRV_RMSSD,
                        number(day.path("value").path("dailyRmssd")),
                        "ms",
                        local(date.atStartOfDay(), zone),
                        null,
                        null));
            }
        }
        return out;
    }

    /**
     * Sleep logs ({@code sleep[]}) that started in {@code [start, end)}, as the hours asleep ({@code minutesAsleep}:
     * {@code duration} is the time in bed, awake minutes included), effective when the sleep ended: both as the
     * Google Health API generation maps the same night, so a link that changes generation re-sends equal resources.
     */
    public static List<Measurement> sleep(JsonNode reply, ZoneId zone, Instant start, Instant end)
            throws ProviderException {
        List<Measurement> out = new ArrayList<>();
        for (JsonNode log : array(reply.path("sleep"), "sleep")) {
            Instant began = local(dateTime(log.path("startTime")), zone);
            if (!in(began, start, end)) {
                continue;
            }
            BigDecimal inBedMillis = number(log.path("duration"));
            BigDecimal minutesAsleep = log.path("minutesAsleep").isNumber()
                    ? number(log.path("minutesAsleep"))
                    : inBedMillis.divide(BigDecimal.valueOf(60_000), 0, RoundingMode.DOWN);
            Instant ended = log.path("endTime").isTextual()
                    ? local(dateTime(log.path("endTime")), zone)
                    : began.plusMillis(inBedMillis.longValue());
            out.add(new Measurement(
                    Fitbit.ID,
                    id(log.path("logId")),
                    DataType.SLEEP,
                    Fitbit.METRIC_SLEEP,
                    SleepHours.ofMinutes(minutesAsleep),
                    "h",
                    ended,
                    null,
                    null));
        }
        return out;
    }

    /** {@code /1/user/-/devices.json}: a bare array of trackers and scales. */
    public static List<DeviceInfo> devices(JsonNode reply, ZoneId zone) throws ProviderException {
        List<DeviceInfo> out = new ArrayList<>();
        for (JsonNode d : array(reply, "devices")) {
            String battery = d.path("batteryLevel").isNumber()
                    ? d.path("batteryLevel").asInt() + "%"
                    : d.path("battery").isTextual() ? d.path("battery").asText() : null;
            Instant seen = d.path("lastSyncTime").isTextual() ? local(dateTime(d.path("lastSyncTime")), zone) : null;
            out.add(new DeviceInfo(
                    Fitbit.ID,
                    id(d.path("id")),
                    d.path("type").isTextual() ? d.path("type").asText().toLowerCase(Locale.ROOT) : null,
                    d.path("deviceVersion").isTextual()
                            ? d.path("deviceVersion").asText()
                            : null,
                    "Fitbit",
                    battery,
                    seen));
        }
        return out;
    }

    static Instant local(LocalDateTime t, ZoneId zone) {
        return t.atZone(zone).toInstant();
    }

    private static boolean in(Instant t, Instant start, Instant end) {
        return !t.isBefore(start) && t.isBefore(end);
    }

    private static JsonNode array(JsonNode node, String what) throws ProviderException {
        if (!node.isArray()) {
            throw bad("expected an array of " + what);
        }
        return node;
    }

    private static LocalDate date(JsonNode node) throws ProviderException {
        try {
            return LocalDate.parse(node.asText());
        } catch (DateTimeException e) {
            throw bad("not a date: " + node);
        }
    }

    private static LocalDateTime dateTime(JsonNode node) throws ProviderException {
        try {
            return LocalDateTime.parse(node.asText());
        } catch (DateTimeException e) {
            throw bad("not a local date-time: " + node);
        }
    }

    /** Numbers arrive as JSON numbers or, in the time series, as strings ({@code "value":"8123"}). */
    private static BigDecimal number(JsonNode node) throws ProviderException {
        try {
            return node.isNumber() ? node.decimalValue() : new BigDecimal(node.asText());
        } catch (NumberFormatException e) {
            throw bad("not a number: " + node);
        }
    }

    private static String id(JsonNode node) throws ProviderException {
        if (!node.isValueNode() || node.asText().isEmpty()) {
            throw bad("missing id");
        }
        return node.asText();
    }

    private static ProviderException bad(String message) {
        return new ProviderException(Kind.BAD_RESPONSE, null, "unexpected Fitbit reply: " + message);
    }
}
