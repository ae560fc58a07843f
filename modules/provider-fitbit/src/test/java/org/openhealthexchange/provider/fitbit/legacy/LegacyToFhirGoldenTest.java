package org.openhealthexchange.provider.fitbit.legacy;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.openhealthexchange.provider.fitbit.legacy.FakeFitbit.resource;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openhealthexchange.core.fhir.mapping.FhirMapper;
import org.openhealthexchange.core.fhir.mapping.MappingContext;
import org.openhealthexchange.core.record.HealthRecord;
import org.openhealthexchange.provider.fitbit.FhirGolden;
import org.openhealthexchange.provider.fitbit.legacy.client.LegacyHttp;
import org.openhealthexchange.provider.fitbit.mapping.HeartRateWindows;

/**
 * Vendor JSON in, FHIR JSON out: legacy Fitbit replies through {@link LegacyParsers} and the core mapper, compared
 * with {@code src/test/resources/fitbit/legacy/fhir/}, every resource valid R4. Run with
 * {@code -Dgolden.regenerate=true} to rewrite the expected files from the actual output.
 */
class LegacyToFhirGoldenTest {

    private static final Instant NOW = Instant.parse("2026-06-02T12:00:00Z");
    private static final Instant START = Instant.parse("2026-06-01T00:00:00Z");
    private static final Instant END = Instant.parse("2026-06-02T00:00:00Z");
    private static final LocalDate DAY = LocalDate.parse("2026-06-01");
    private static final MappingContext CONTEXT = MappingContext.forEhrUser(
            "ehr-user-1",
            "vendor-user-1",
            MappingContext.DEFAULT_PATIENT_IDENTIFIER_SYSTEM,
            Clock.fixed(NOW, ZoneOffset.UTC));

    private static JsonNode json(String name) throws IOException {
        return LegacyHttp.JSON.readTree(resource(name));
    }

    private static ZoneId zone() throws Exception {
        return LegacyParsers.zone(json("profile.json"));
    }

    @Test
    void heartRate() throws Exception {
        var samples = LegacyParsers.intraday(json("heart-intraday.json"), "heart", DAY, zone());
        assertGolden(
                "heart-rate.fhir.json",
                new ArrayList<>(HeartRateWindows.toSeries(
                        samples, Duration.ofHours(1), START, START.plus(Duration.ofHours(2)), NOW, null)));
    }

    @Test
    void steps() throws Exception {
        List<HealthRecord> records =
                new ArrayList<>(LegacyParsers.dailySteps(json("steps-daily.json"), DAY, DAY, zone(), NOW));
        records.addAll(LegacyParsers.stepSeries(
                LegacyParsers.intraday(json("steps-intraday.json"), "steps", DAY, zone()),
                Duration.ofHours(1),
                START,
                START.plus(Duration.ofHours(1)),
                NOW));
        assertGolden("steps.fhir.json", records);
    }

    @Test
    void weight() throws Exception {
        assertGolden(
                "weight.fhir.json", new ArrayList<>(LegacyParsers.weights(json("weight.json"), zone(), START, END)));
    }

    @Test
    void spo2() throws Exception {
        assertGolden("spo2.fhir.json", new ArrayList<>(LegacyParsers.spo2(json("spo2.json"), DAY, DAY, zone())));
    }

    @Test
    void hrv() throws Exception {
        assertGolden("hrv.fhir.json", new ArrayList<>(LegacyParsers.hrv(json("hrv.json"), DAY, DAY, zone())));
    }

    @Test
    void sleep() throws Exception {
        assertGolden(
                "sleep.fhir.json",
                new ArrayList<>(LegacyParsers.sleep(json("sleep.json"), zone(), START.minus(Duration.ofDays(1)), END)));
    }

    @Test
    void devices() throws Exception {
        assertGolden("devices.fhir.json", new ArrayList<>(LegacyParsers.devices(json("devices.json"), zone())));
    }

    private static void assertGolden(String name, List<HealthRecord> records) throws IOException {
        assertFalse(records.isEmpty(), name + ": no records");
        FhirGolden.assertMatches(
                Path.of("src/test/resources/fitbit/legacy/fhir", name),
                new FhirMapper().map(records, CONTEXT),
                "golden.regenerate");
    }
}
