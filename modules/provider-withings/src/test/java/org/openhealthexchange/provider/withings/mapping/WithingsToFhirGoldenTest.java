package org.openhealthexchange.provider.withings.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.openhealthexchange.provider.withings.FakeWithings.goldenBody;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.openhealthexchange.core.fhir.FhirContexts;
import org.openhealthexchange.core.fhir.R4Validator;
import org.openhealthexchange.core.fhir.mapping.FhirMapper;
import org.openhealthexchange.core.fhir.mapping.MappingContext;
import org.openhealthexchange.core.record.HealthRecord;
import org.openhealthexchange.core.record.Measurement;
import org.openhealthexchange.provider.withings.config.Withings;

/**
 * Vendor JSON in, FHIR JSON out: Withings' replies through this module's parsers and the core mapper, compared with
 * the expected resources in {@code src/test/resources/withings/fhir/}, each of them valid FHIR R4 as the HL7
 * validator checks it. Run with {@code -Dgolden.update=true} to rewrite the expected files after an intended change
 * (and review the diff).
 */
class WithingsToFhirGoldenTest {

    private static final Instant DAY = Instant.ofEpochSecond(1717200000);
    private static final MappingContext CONTEXT = MappingContext.forEhrUser(
            "ehr-user-1",
            "vendor-user-1",
            MappingContext.DEFAULT_PATIENT_IDENTIFIER_SYSTEM,
            Clock.fixed(DAY, ZoneOffset.UTC));

    @Test
    void measuresBecomeVitalSignObservationsAndABloodPressurePanel() throws Exception {
        var page = WithingsMeasureParser.parse(
                goldenBody("getmeas-page1.json"), Withings.DATA_TYPES, DAY, DAY.plusSeconds(86400));
        assertGolden("getmeas-page1.fhir.json", new ArrayList<>(page.measurements()));
    }

    @Test
    void aWindowWithAThermometerReadingMapsWhole() throws Exception {
        var page = WithingsMeasureParser.parse(
                goldenBody("getmeas-page2.json"), Withings.DATA_TYPES, DAY, DAY.plusSeconds(86400));
        assertGolden("getmeas-page2.fhir.json", new ArrayList<>(page.measurements()));
    }

    @ParameterizedTest
    @EnumSource(WithingsMeasureType.class)
    void everyMeasureTypeTheParserKeepsHasAValidFhirMapping(WithingsMeasureType type) {
        List<Measurement> group = new ArrayList<>(List.of(measure(type)));
        if (type == WithingsMeasureType.SYSTOLIC || type == WithingsMeasureType.DIASTOLIC) {
            group.add(measure(
                    type == WithingsMeasureType.SYSTOLIC
                            ? WithingsMeasureType.DIASTOLIC
                            : WithingsMeasureType.SYSTOLIC)); // a blood-pressure half is mapped with its other half
        }
        var result = new FhirMapper().mapAll(group, CONTEXT);

        assertEquals(List.of(), result.unmapped(), "an unmapped measure would fail its whole sync window");
        var report = R4Validator.shared().validate(result.resources().get(0).resource());
        assertTrue(report.valid(), () -> type + ": " + report.errors());
    }

    private static Measurement measure(WithingsMeasureType type) {
        return new Measurement(
                Withings.ID,
                "1-" + type.code(),
                type.dataType(),
                type.metric(),
                BigDecimal.ONE,
                type.ucumUnit(),
                DAY,
                "1",
                null);
    }

    @Test
    void intradayHeartRateBecomesOneSampledDataObservationPerDay() throws Exception {
        var day = WithingsIntradayParser.heartRate(goldenBody("getintradayactivity.json"), DAY, DAY.plusSeconds(86400))
                .orElseThrow();
        assertGolden("getintradayactivity.fhir.json", List.of(day));
    }

    @Test
    void anEcgBecomesOneSampledDataObservationAndDevicesBecomeDevices() throws Exception {
        var row = goldenBody("heart-list.json").get("series").get(0);
        List<HealthRecord> records = new ArrayList<>();
        records.add(WithingsEcgParser.parse(
                row, goldenBody("heart-get-" + WithingsEcgParser.signalId(row).getAsLong() + ".json")));
        records.addAll(WithingsDeviceParser.parse(goldenBody("user-getdevice.json")));
        assertGolden("ecg-and-devices.fhir.json", records);
    }

    private static void assertGolden(String name, List<? extends HealthRecord> records) throws IOException {
        List<Resource> resources = new FhirMapper().map(records, CONTEXT);
        Bundle bundle = new Bundle().setType(Bundle.BundleType.COLLECTION);
        for (Resource r : resources) {
            var report = R4Validator.shared().validate(r);
            assertTrue(report.valid(), () -> r.fhirType() + ": " + report.errors());
            bundle.addEntry().setResource(r);
        }
        String actual = FhirContexts.r4().newJsonParser().setPrettyPrint(true).encodeResourceToString(bundle);
        Path expected = Path.of("src/test/resources/withings/fhir", name);
        if (Boolean.getBoolean("golden.update")) { // -Dgolden.update=true rewrites the files; review the diff
            Files.writeString(expected, actual + "\n", StandardCharsets.UTF_8);
        }
        if (!Files.exists(expected)) {
            Path out = Path.of("target/golden-actual", name);
            Files.createDirectories(out.getParent());
            Files.writeString(out, actual, StandardCharsets.UTF_8);
            throw new AssertionError("No golden file " + expected + "; the actual output is in " + out
                    + " (or run with -Dgolden.update=true)");
        }
        assertEquals(Files.readString(expected, StandardCharsets.UTF_8).trim(), actual.trim());
    }
}
