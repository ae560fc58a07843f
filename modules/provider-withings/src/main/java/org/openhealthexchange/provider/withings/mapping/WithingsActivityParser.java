package org.openhealthexchange.provider.withings.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.openhealthexchange.core.record.DataType;
import org.openhealthexchange.core.record.Measurement;
import org.openhealthexchange.core.spi.ProviderException;
import org.openhealthexchange.provider.withings.client.WithingsJson;
import org.openhealthexchange.provider.withings.config.Withings;

/**
 * Maps a {@code getactivity} page to one step count per day, dated at the start of that day where it was lived.
 * Only days that are over at fetch time: today's count is still growing, and a total published now would be
 * wrong as {@code final} and rewritten by every sync as {@code preliminary}. The daily sync covers the last two
 * days, so a day skipped now is published whole by the next one.
 */
public final class WithingsActivityParser {

    public static final String METRIC = "steps_daily";
    public static final String UNIT = "/d";

    private WithingsActivityParser() {}

    /** @param now the fetch time; days that end after it are left out */
    public static List<Measurement> parse(JsonNode body, Instant now) throws ProviderException {
        List<Measurement> out = new ArrayList<>();
        for (JsonNode activity : body.path("activities")) {
            OptionalLong steps = WithingsJson.number(activity, "steps");
            if (steps.isEmpty()) {
                continue;
            }
            String text = WithingsJson.text(activity, "date")
                    .orElseThrow(() -> WithingsJson.badResponse("activity without a date"));
            LocalDate date;
            try {
                date = LocalDate.parse(text);
            } catch (DateTimeException e) {
                throw WithingsJson.badResponse("activity date '" + text + "' is not YYYY-MM-DD");
            }
            ZoneId zone = zone(WithingsJson.text(activity, "timezone").orElse(null));
            if (date.plusDays(1).atStartOfDay(zone).toInstant().isAfter(now)) {
                continue; // the day in progress
            }
            out.add(new Measurement(
                    Withings.ID,
                    "activity-" + date,
                    DataType.STEPS,
                    METRIC,
                    BigDecimal.valueOf(steps.getAsLong()),
                    UNIT,
                    date.atStartOfDay(zone).toInstant(),
                    null,
                    WithingsJson.deviceId(activity)));
        }
        return out;
    }

    /** The activity's own timezone; UTC when absent or unknown to this JVM, so a day is never dropped. */
    static ZoneId zone(String id) {
        if (id == null) {
            return ZoneOffset.UTC;
        }
        try {
            return ZoneId.of(id);
        } catch (DateTimeException e) {
            return ZoneOffset.UTC;
        }
    }
}
