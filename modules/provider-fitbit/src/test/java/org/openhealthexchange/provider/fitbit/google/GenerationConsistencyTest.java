package org.openhealthexchange.provider.fitbit.google;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.hl7.fhir.r4.model.Observation;
import org.junit.jupiter.api.Test;
import org.openhealthexchange.core.fhir.R4Validator;
import org.openhealthexchange.core.fhir.mapping.FhirMapper;
import org.openhealthexchange.core.fhir.mapping.MappingContext;
import org.openhealthexchange.core.record.Measurement;
import org.openhealthexchange.provider.fitbit.legacy.LegacyParsers;

/**
 * The same person's data gives the same FHIR numbers and codes whichever API generation a link uses: a legacy
 * reply and the Google Health data point for the same night map alike.
 */
class GenerationConsistencyTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final MappingContext CONTEXT = MappingContext.forEhrUser(
            "ehr-user-1",
            "vendor-user-1",
            MappingContext.DEFAULT_PATIENT_IDENTIFIER_SYSTEM,
            Clock.fixed(Instant.parse("2026-06-02T12:00:00Z"), ZoneOffset.UTC));

    @Test
    void sleepIsTheMinutesAsleepDatedWhenTheSleepEnded() throws Exception {
        // The legacy fixture: in bed 23:21:30–07:03:30 Berlin time (462 min), 420 of them asleep.
        Measurement legacy = LegacyParsers.sleep(
                        legacy("sleep.json"),
                        BERLIN,
                        Instant.parse("2026-05-31T00:00:00Z"),
                        Instant.parse("2026-06-02T00:00:00Z"))
                .get(0);
        Measurement google = GoogleHealthParser.measurements(
                        GoogleDataTypes.SLEEP,
                        JSON.readTree(
                                """
                {"name":"users/4A1B2C/dataTypes/sleep/dataPoints/26013218219","sleep":{
                 "interval":{"startTime":"2026-05-31T21:21:30Z","endTime":"2026-06-01T05:03:30Z"},
                 "type":"STAGES","summary":{"minutesAsleep":"420","minutesAwake":"42"}}}"""),
                        null)
                .get(0);

        assertEquals(new BigDecimal("7.00"), legacy.value(), "hours asleep, not the 7.7 h in bed");
        assertSameObservation(legacy, google);
    }

    @Test
    void rmssdIsFiledAsRmssdByBothGenerationsAndNeverAsSdnn() throws Exception {
        Measurement legacy = LegacyParsers.hrv(
                        legacy("hrv.json"), LocalDate.parse("2026-06-01"), LocalDate.parse("2026-06-01"), BERLIN)
                .get(0);
        List<Measurement> google = GoogleHealthParser.measurements(
                GoogleDataTypes.HEART_RATE_VARIABILITY,
                JSON.readTree(
                        """
                        {"name":"users/4A1B2C/dataTypes/heart-rate-variability/dataPoints/hrv-1","heartRateVariability":{
                         "sampleTime":{"physicalTime":"2026-05-31T22:00:00Z"},
                         "rootMeanSquareOfSuccessiveDifferencesMilliseconds":34.938}}"""),
                null);

        assertEquals(1, google.size(), "an RMSSD-only point is published, not dropped");
        Observation fromLegacy = map(legacy);
        Observation fromGoogle = map(google.get(0));
        assertEquals(codes(fromLegacy), codes(fromGoogle));
        assertEquals(
                0,
                fromLegacy
                        .getValueQuantity()
                        .getValue()
                        .compareTo(fromGoogle.getValueQuantity().getValue()));
        assertFalse(codes(fromLegacy).contains("http://loinc.org|80404-7"), "80404-7 is SDNN, another number");
    }

    @Test
    void aGooglePointWithBothMeasuresGivesBothUnderTheirOwnCodes() throws Exception {
        List<Measurement> both = GoogleHealthParser.measurements(
                GoogleDataTypes.HEART_RATE_VARIABILITY,
                JSON.readTree(
                        """
                        {"name":"users/4A1B2C/dataTypes/heart-rate-variability/dataPoints/hrv-2","heartRateVariability":{
                         "sampleTime":{"physicalTime":"2026-05-31T22:00:00Z"},
                         "rootMeanSquareOfSuccessiveDifferencesMilliseconds":38.2,"standardDeviationMilliseconds":52.7}}
                        """),
                null);

        assertEquals(
                List.of("urn:ohe:observation-code|hrv-rmssd 38.2", "http://loinc.org|80404-7 52.7"),
                both.stream()
                        .map(GenerationConsistencyTest::map)
                        .map(o -> codes(o).get(0) + " " + o.getValueQuantity().getValue())
                        .toList());
    }

    private static void assertSameObservation(Measurement a, Measurement b) {
        Observation x = map(a);
        Observation y = map(b);
        assertEquals(codes(x), codes(y));
        assertEquals(x.getValueQuantity().getValue(), y.getValueQuantity().getValue());
        assertEquals(x.getValueQuantity().getCode(), y.getValueQuantity().getCode());
        assertEquals(
                x.getEffectiveDateTimeType().getValueAsString(),
                y.getEffectiveDateTimeType().getValueAsString());
        assertEquals(
                x.getIdentifierFirstRep().getSystem() + "|"
                        + x.getIdentifierFirstRep().getValue(),
                y.getIdentifierFirstRep().getSystem() + "|"
                        + y.getIdentifierFirstRep().getValue());
    }

    private static Observation map(Measurement m) {
        var obs = (Observation) new FhirMapper().map(List.of(m), CONTEXT).get(0);
        var report = R4Validator.shared().validate(obs);
        assertTrue(report.valid(), report.errors()::toString);
        return obs;
    }

    private static List<String> codes(Observation obs) {
        return obs.getCode().getCoding().stream()
                .map(c -> c.getSystem() + "|" + c.getCode())
                .toList();
    }

    private static JsonNode legacy(String name) throws IOException {
        try (InputStream in = GenerationConsistencyTest.class.getResourceAsStream("/fitbit/legacy/" + name)) {
            return JSON.readTree(in);
        }
    }
}
