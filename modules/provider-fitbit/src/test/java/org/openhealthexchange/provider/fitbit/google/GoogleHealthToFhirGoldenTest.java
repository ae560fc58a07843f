package org.openhealthexchange.provider.fitbit.google;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;
import org.openhealthexchange.core.fhir.mapping.FhirMapper;
import org.openhealthexchange.core.fhir.mapping.MappingContext;
import org.openhealthexchange.core.record.HealthRecord;
import org.openhealthexchange.provider.fitbit.FhirGolden;
import org.openhealthexchange.provider.fitbit.mapping.HeartRateWindows;

/**
 * Vendor JSON in, FHIR JSON out: Google Health API {@code dataPoints} replies from
 * {@code src/test/resources/fitbit/google/} through {@link GoogleHealthParser} and the core mapper, compared with
 * {@code fitbit/google/fhir/*.fhir.json}, every resource valid R4. Run with {@code -Dgolden.update=true} to rewrite
 * the expected files after an intended change (and review the diff).
 */
class GoogleHealthToFhirGoldenTest {

    private static final Instant NOW = Instant.parse("2026-03-02T00:00:00Z");
    private static final Instant DAY = Instant.parse("2026-03-01T00:00:00Z");
    private static final MappingContext CONTEXT = MappingContext.forEhrUser(
            "ehr-user-1",
            "vendor-user-1",
            MappingContext.DEFAULT_PATIENT_IDENTIFIER_SYSTEM,
            Clock.fixed(NOW, ZoneOffset.UTC));
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void heartRateBecomesOneHourlySampledDataObservation() throws Exception {
        List<HeartRateWindows.Sample> samples = new ArrayList<>();
        for (JsonNode p : points("heart-rate.json")) {
            samples.add(GoogleHealthParser.heartRate(p));
        }
        assertGolden(
                "heart-rate",
                new ArrayList<>(HeartRateWindows.toSeries(
                        samples, Duration.ofHours(1), DAY, DAY.plus(Duration.ofDays(1)), NOW, null)));
    }

    @Test
    void stepsBecomeASeriesAndADailyTotal() throws Exception {
        Map<Instant, Double> perMinute = new HashMap<>();
        for (JsonNode p : points("steps.json")) {
            GoogleHealthParser.addSteps(p, perMinute);
        }
        Instant end = DAY.plus(Duration.ofDays(1));
        List<HealthRecord> records =
                new ArrayList<>(GoogleHealthParser.stepSeries(perMinute, Duration.ofHours(1), DAY, end, NOW, null));
        records.addAll(GoogleHealthParser.dailySteps(perMinute, DAY, end, NOW, null));
        assertGolden("steps", records);
    }

    @Test
    void weightBecomesVitalSignObservationsInKilogramsAndItsScaleADevice() throws Exception {
        assertMeasurementGolden(GoogleDataTypes.WEIGHT);
    }

    @Test
    void oxygenSaturationBecomesVitalSignObservations() throws Exception {
        assertMeasurementGolden(GoogleDataTypes.OXYGEN_SATURATION);
    }

    @Test
    void heartRateVariabilityBecomesRmssdAndSdnnObservations() throws Exception {
        assertMeasurementGolden(GoogleDataTypes.HEART_RATE_VARIABILITY);
    }

    @Test
    void sleepBecomesSleepDurationObservations() throws Exception {
        assertMeasurementGolden(GoogleDataTypes.SLEEP);
    }

    /** One type's data points, and the devices they name, against {@code fhir/<kebab type>.fhir.json}. */
    private static void assertMeasurementGolden(GoogleDataTypes type) throws Exception {
        Map<String, HealthRecord> devices = new LinkedHashMap<>();
        List<HealthRecord> records = new ArrayList<>();
        for (JsonNode p : points(type.kebab() + ".json")) {
            var device = GoogleHealthParser.device(p).orElseThrow();
            devices.putIfAbsent(device.sourceId(), device);
            records.addAll(GoogleHealthParser.measurements(type, p, device.sourceId()));
        }
        records.addAll(devices.values());
        assertGolden(type.kebab(), records);
    }

    private static List<JsonNode> points(String name) throws Exception {
        try (var in = GoogleHealthToFhirGoldenTest.class.getResourceAsStream("/fitbit/google/" + name)) {
            return GoogleHealthParser.page(JSON.readTree(in)).dataPoints();
        }
    }

    private static void assertGolden(String name, List<HealthRecord> records) throws IOException {
        List<Resource> resources = new FhirMapper().map(records, CONTEXT);
        assertEquals(records.size(), resources.size(), "every record maps to one resource");
        FhirGolden.assertMatches(
                Path.of("src/test/resources/fitbit/google/fhir", name + ".fhir.json"), resources, "golden.update");
    }
}
