package org.openhealthexchange.provider.withings.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.openhealthexchange.core.record.DataType;
import org.openhealthexchange.core.record.Measurement;
import org.openhealthexchange.core.spi.ProviderException;
import org.openhealthexchange.provider.withings.client.WithingsJson;
import org.openhealthexchange.provider.withings.config.Withings;

/**
 * Maps {@code sleep getsummary} nights to a total-sleep duration in hours, dated when the night began. Nights
 * imported from other apps carry only {@code asleepduration} (no stages), so that is the fallback.
 */
public final class WithingsSleepParser {

    public static final String METRIC = "sleep_duration";
    public static final String UNIT = "h";
    /** The summary fields we ask for; without {@code data_fields} Withings may omit the totals. */
    public static final String DATA_FIELDS = "total_sleep_time,asleepduration,total_timeinbed";

    private static final BigDecimal SECONDS_PER_HOUR = BigDecimal.valueOf(3600);

    private WithingsSleepParser() {}

    public static List<Measurement> parse(JsonNode body) throws ProviderException {
        List<Measurement> out = new ArrayList<>();
        for (JsonNode night : body.path("series")) {
            OptionalLong seconds = WithingsJson.number(night.path("data"), "total_sleep_time");
            if (seconds.isEmpty()) {
                seconds = WithingsJson.number(night.path("data"), "asleepduration");
            }
            if (seconds.isEmpty()) {
                continue;
            }
            Optional<String> date = WithingsJson.text(night, "date");
            String key = WithingsJson.text(night, "id")
                    .or(() -> date)
                    .orElseThrow(() -> WithingsJson.badResponse("sleep summary without id or date"));
            out.add(new Measurement(
                    Withings.ID,
                    "sleep-" + key,
                    DataType.SLEEP,
                    METRIC,
                    hours(seconds.getAsLong()),
                    UNIT,
                    began(night, date.orElse(null)),
                    null,
                    WithingsJson.deviceId(night)));
        }
        return out;
    }

    /** Hours to the second's precision (3 decimals), trailing zeros dropped: 27000 s is 7.5 h. */
    static BigDecimal hours(long seconds) {
        BigDecimal hours = BigDecimal.valueOf(seconds)
                .divide(SECONDS_PER_HOUR, 3, RoundingMode.HALF_UP)
                .stripTrailingZeros();
        return hours.scale() < 0 ? hours.setScale(0) : hours;
    }

    private static Instant began(JsonNode night, String date) throws ProviderException {
        OptionalLong start = WithingsJson.number(night, "startdate");
        if (start.isPresent()) {
            return Instant.ofEpochSecond(start.getAsLong());
        }
        if (date == null) {
            throw WithingsJson.badResponse("sleep summary without startdate or date");
        }
        try {
            return LocalDate.parse(date)
                    .atStartOfDay(WithingsActivityParser.zone(
                            WithingsJson.text(night, "timezone").orElse(null)))
                    .toInstant();
        } catch (DateTimeException e) {
            throw WithingsJson.badResponse("sleep date '" + date + "' is not YYYY-MM-DD");
        }
    }
}
