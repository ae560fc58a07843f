package org.openhealthexchange.provider.withings.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.openhealthexchange.core.record.DataType;
import org.openhealthexchange.core.record.Measurement;
import org.openhealthexchange.core.spi.ProviderException;
import org.openhealthexchange.provider.withings.client.WithingsJson;
import org.openhealthexchange.provider.withings.config.Withings;

/**
 * Maps one {@code getmeas} page ({@code measuregrps}) to measurements. Every measure of a group shares the group's
 * id, time and device, which is what lets systolic and diastolic become one blood-pressure panel downstream.
 */
public final class WithingsMeasureParser {

    /** Category 1 are real measures; 2 are the user's objectives, which are not health data. */
    static final long REAL_MEASURE = 1;
    /** attrib 1: captured by a device but possibly someone else's; never put that into a patient's record. */
    static final long AMBIGUOUS_ATTRIBUTION = 1;

    /** One page: its measurements and the server time it was generated at ({@code updatetime}). */
    public record Page(List<Measurement> measurements, OptionalLong updateTime) {}

    private WithingsMeasureParser() {}

    /**
     * @param wanted the requested types; measures of other types are dropped
     * @param from   inclusive window start, or null to keep everything (incremental {@code lastupdate} fetches)
     * @param until  exclusive window end, or null
     */
    public static Page parse(JsonNode body, Set<DataType> wanted, Instant from, Instant until)
            throws ProviderException {
        List<Measurement> out = new ArrayList<>();
        for (JsonNode group : body.path("measuregrps")) {
            if (WithingsJson.number(group, "category").orElse(REAL_MEASURE) != REAL_MEASURE
                    || WithingsJson.number(group, "attrib").orElse(0) == AMBIGUOUS_ATTRIBUTION) {
                continue;
            }
            long grpid = WithingsJson.requireNumber(group, "grpid", "measure group");
            Instant date = Instant.ofEpochSecond(WithingsJson.requireNumber(group, "date", "measure group " + grpid));
            if ((from != null && date.isBefore(from)) || (until != null && !date.isBefore(until))) {
                continue;
            }
            String deviceId = WithingsJson.deviceId(group);
            for (JsonNode measure : group.path("measures")) {
                measurement(measure, grpid, date, deviceId)
                        .filter(m -> wanted.contains(m.type()))
                        .ifPresent(out::add);
            }
        }
        return new Page(out, WithingsJson.number(body, "updatetime"));
    }

    private static Optional<Measurement> measurement(JsonNode measure, long grpid, Instant date, String deviceId)
            throws ProviderException {
        long code = WithingsJson.requireNumber(measure, "type", "measure of group " + grpid);
        Optional<WithingsMeasureType> type = WithingsMeasureType.fromCode(code);
        if (type.isEmpty()) {
            return Optional.empty();
        }
        long raw = WithingsJson.requireNumber(measure, "value", "measure of group " + grpid);
        long unit = WithingsJson.number(measure, "unit").orElse(0);
        WithingsMeasureType t = type.get();
        return Optional.of(new Measurement(
                Withings.ID,
                grpid + "-" + code,
                t.dataType(),
                t.metric(),
                realValue(raw, unit),
                t.ucumUnit(),
                date,
                Long.toString(grpid),
                deviceId));
    }

    /** {@code value × 10^unit}, exact: 75232 with unit -3 is 75.232, never 75.23199999. */
    static BigDecimal realValue(long value, long unit) {
        BigDecimal real = BigDecimal.valueOf(value).scaleByPowerOfTen((int) unit);
        return real.scale() < 0 ? real.setScale(0) : real;
    }
}
