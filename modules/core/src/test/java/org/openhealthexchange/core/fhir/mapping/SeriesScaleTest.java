package org.openhealthexchange.core.fhir.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeout;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.Observation;
import org.junit.jupiter.api.Test;
import org.openhealthexchange.core.fhir.R4Validator;
import org.openhealthexchange.core.record.DataType;
import org.openhealthexchange.core.record.Series;

class SeriesScaleTest {

    private static final int DAYS = 365;
    private static final int MINUTES = 1440;

    @Test
    void aYearOfMinuteHeartRatesIsOneObservationPerDay() {
        var start = Instant.parse("2023-01-01T00:00:00Z");
        List<Series> days = new ArrayList<>(DAYS);
        for (int d = 0; d < DAYS; d++) {
            var samples = new double[MINUTES];
            for (int m = 0; m < MINUTES; m++) {
                samples[m] = m % 97 == 0 ? Double.NaN : 55 + (m * 7 + d) % 60;
            }
            days.add(new Series(
                    "fitbit",
                    "hr-" + d,
                    DataType.HEART_RATE,
                    start.plus(Duration.ofDays(d)),
                    Duration.ofMinutes(1),
                    samples,
                    "/min",
                    null));
        }

        // Generous bound, only to catch a per-sample allocation regression (it takes well under a second).
        var resources = assertTimeout(Duration.ofSeconds(30), () -> new FhirMapper().map(days, MappingFixtures.CTX));

        assertEquals(DAYS, resources.size());
        var last = (Observation) resources.get(DAYS - 1);
        var data = last.getValueSampledData().getData().split(" ");
        assertEquals(MINUTES, data.length);
        assertEquals("E", data[0]);
        assertEquals(String.valueOf(55 + (7 + DAYS - 1) % 60), data[1]);
        assertEquals(
                start.plus(Duration.ofDays(DAYS)),
                last.getEffectivePeriod().getEnd().toInstant());
        var report = R4Validator.shared().validate(last);
        assertTrue(report.valid(), report.errors()::toString);
    }
}
