package org.openhealthexchange.provider.fitbit.google;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;
import org.openhealthexchange.core.fhir.FhirContexts;
import org.openhealthexchange.core.fhir.R4Validator;
import org.openhealthexchange.core.fhir.mapping.FhirMapper;
import org.openhealthexchange.core.fhir.mapping.MappingContext;
import org.openhealthexchange.core.record.HealthRecord;
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
    private static final MappingContext CONTEXT = MappingContext.forEhrUser("ehr-user-1",
            MappingContext.DEFAULT_PATIENT_IDENTIFIER_SYSTEM, Clock.fixed(NOW, ZoneOffset.UTC));
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void heartRateBecomesOneHourlySampledDataObservation() throws Exception {
        List<HeartRateWindows.Sample> samples = new ArrayList<>();
        for (JsonNode p : points("heart-rate.json")) {
            samples.add(GoogleHealthParser.heartRate(p));
        }
        assertGolden("heart-rate", new ArrayList<>(HeartRateWindows.toSeries(samples, Duration.ofHours(1), DAY,
                DAY.plus(Duration.ofDays(1)), NOW, null)));
    }

    @Test
    void stepsBecomeASeriesAndADailyTotal() throws Exception {
        Map<Instant, Double> perMinute = new HashMap<>();
        for (JsonNode p : points("steps.json")) {
            GoogleHealthParser.addSteps(p, perMinute);
        }
        Instant end = DAY.plus(Duration.ofDays(1));
        List<HealthRecord> records = new ArrayList<>(GoogleHealthParser.stepSeries(perMinute, Duration.ofHours(1),
                DAY, end, NOW, null));
        records.addAll(GoogleHealthParser.dailySteps(perMinute, DAY, end, NOW, null));
        assertGolden("steps", records);
    }

    @Test
    void measurementsAndTheirDevicesBecomeObservationsAndDevices() throws Exception {
        Map<String, HealthRecord> devices = new LinkedHashMap<>();
        List<HealthRecord> records = new ArrayList<>();
        for (GoogleDataTypes t : List.of(GoogleDataTypes.WEIGHT, GoogleDataTypes.OXYGEN_SATURATION,
                GoogleDataTypes.HEART_RATE_VARIABILITY, GoogleDataTypes.SLEEP)) {
            for (JsonNode p : points(t.kebab() + ".json")) {
                var device = GoogleHealthParser.device(p).orElseThrow();
                devices.putIfAbsent(device.sourceId(), device);
                records.add(GoogleHealthParser.measurement(t, p, device.sourceId()).orElseThrow());
            }
        }
        records.addAll(devices.values());
        assertGolden("measurements", records);
    }

    private static List<JsonNode> points(String name) throws Exception {
        try (var in = GoogleHealthToFhirGoldenTest.class.getResourceAsStream("/fitbit/google/" + name)) {
            return GoogleHealthParser.page(JSON.readTree(in)).dataPoints();
        }
    }

    private static void assertGolden(String name, List<HealthRecord> records) throws IOException {
        List<Resource> resources = new FhirMapper().map(records, CONTEXT);
        assertEquals(records.size(), resources.size(), "every record maps to one resource");
        Bundle bundle = new Bundle().setType(Bundle.BundleType.COLLECTION);
        for (Resource r : resources) {
            var report = R4Validator.shared().validate(r);
            assertTrue(report.valid(), () -> r.fhirType() + ": " + report.errors());
            bundle.addEntry().setResource(r);
        }
        String actual = FhirContexts.r4().newJsonParser().setPrettyPrint(true).encodeResourceToString(bundle);
        Path expected = Path.of("src/test/resources/fitbit/google/fhir", name + ".fhir.json");
        if (Boolean.getBoolean("golden.update")) {
            Files.createDirectories(expected.getParent());
            Files.writeString(expected, actual + "\n", StandardCharsets.UTF_8);
        }
        if (!Files.exists(expected)) {
            Path out = Path.of("target/golden-actual", name + ".fhir.json");
            Files.createDirectories(out.getParent());
            Files.writeString(out, actual, StandardCharsets.UTF_8);
            throw new AssertionError("No golden file " + expected + "; the actual output is in " + out
                    + " (or run with -Dgolden.update=true)");
        }
        assertEquals(Files.readString(expected, StandardCharsets.UTF_8).trim(), actual.trim());
    }
}
