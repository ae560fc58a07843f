package org.openhealthexchange.provider.withings.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.openhealthexchange.provider.withings.FakeWithings.goldenBody;

import java.io.IOException;
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
import org.openhealthexchange.core.fhir.FhirContexts;
import org.openhealthexchange.core.fhir.R4Validator;
import org.openhealthexchange.core.fhir.mapping.FhirMapper;
import org.openhealthexchange.core.fhir.mapping.MappingContext;
import org.openhealthexchange.core.record.HealthRecord;
import org.openhealthexchange.provider.withings.Withings;

/**
 * Vendor JSON in, FHIR JSON out: Withings' replies through this module's parsers and the core mapper, compared with
 * the expected resources in {@code src/test/resources/withings/fhir/}, each of them valid FHIR R4.
 */
class WithingsToFhirGoldenTest {

    private static final Instant DAY = Instant.ofEpochSecond(1717200000);
    private static final MappingContext CONTEXT = MappingContext.forEhrUser("ehr-user-1", "vendor-user-1",
            MappingContext.DEFAULT_PATIENT_IDENTIFIER_SYSTEM, Clock.fixed(DAY, ZoneOffset.UTC));

    @Test
    void measuresBecomeVitalSignObservationsAndABloodPressurePanel() throws Exception {
        var page = WithingsMeasureParser.parse(goldenBody("getmeas-page1.json"), Withings.DATA_TYPES, DAY,
                DAY.plusSeconds(86400));
        assertGolden("getmeas-page1.fhir.json", new ArrayList<>(page.measurements()));
    }

    @Test
    void anEcgBecomesOneSampledDataObservationAndDevicesBecomeDevices() throws Exception {
        var row = goldenBody("heart-list.json").get("series").get(0);
        List<HealthRecord> records = new ArrayList<>();
        records.add(WithingsEcgParser.parse(row, goldenBody("heart-get-" + WithingsEcgParser.signalId(row).getAsLong() + ".json")));
        records.addAll(WithingsDeviceParser.parse(goldenBody("user-getdevice.json")));
        assertGolden("ecg-and-devices.fhir.json", records);
    }

    private static void assertGolden(String name, List<HealthRecord> records) throws IOException {
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
            throw new AssertionError("No golden file " + expected + "; the actual output is in " + out);
        }
        assertEquals(Files.readString(expected, StandardCharsets.UTF_8).trim(), actual.trim());
    }
}
