package org.openhealthexchange.core.fhir.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.openhealthexchange.core.fhir.FhirContexts;
import org.openhealthexchange.core.fhir.R4Validator;
import org.openhealthexchange.core.record.HealthRecord;

/**
 * One golden file per record kind (and per measurement shape that differs: unit conversion, two codings, the
 * blood-pressure panel, a non-vital category). Each expected file was written by hand from the FHIR R4 spec and the
 * vital-signs profiles, not captured from the mapper. Every resource is also validated: conditional references
 * ({@code Patient?identifier=…}) pass HAPI's instance validator as they are, so nothing is rewritten before it.
 */
class FhirMapperGoldenTest {

    private final FhirMapper mapper = new FhirMapper();

    static Stream<Arguments> goldenCases() {
        return Stream.of(
                golden("measurement-weight.json", () -> List.of(MappingFixtures.weight())),
                golden("measurement-height.json", () -> List.of(MappingFixtures.height())),
                golden(
                        "measurement-oxygen-saturation.json",
                        () -> List.of(MappingFixtures.allSingleMetrics().get(7))),
                golden("measurement-blood-pressure.json", MappingFixtures::bloodPressure),
                golden(
                        "measurement-steps-daily.json",
                        () -> List.of(MappingFixtures.allSingleMetrics().get(9))),
                golden("series-heart-rate.json", () -> List.of(MappingFixtures.heartRateSeries())),
                golden("ecg.json", () -> List.of(MappingFixtures.ecg())),
                golden("device.json", () -> List.of(MappingFixtures.scale())),
                golden("patient.json", () -> List.of(MappingFixtures.patient())),
                golden("appointment.json", () -> List.of(MappingFixtures.appointment())));
    }

    private static Arguments golden(String file, Supplier<List<? extends HealthRecord>> records) {
        return Arguments.of(file, records);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldenCases")
    void mapsToTheExpectedValidResource(String file, Supplier<List<? extends HealthRecord>> records)
            throws IOException {
        List<Resource> resources = mapper.map(records.get(), MappingFixtures.CTX);

        assertEquals(1, resources.size(), "one resource per case");
        var json = FhirContexts.r4().newJsonParser().setPrettyPrint(true).encodeResourceToString(resources.get(0));
        if (Boolean.getBoolean("golden.update")) { // -Dgolden.update=true rewrites the files; review the diff
            java.nio.file.Files.writeString(
                    java.nio.file.Path.of("src/test/resources/fhir", file), json.strip() + "\n");
        }
        assertEquals(expected(file), json.strip(), file);
        var report = R4Validator.shared().validate(resources.get(0));
        assertTrue(report.valid(), () -> file + ": " + String.join("\n", report.errors()));
    }

    static String expected(String file) throws IOException {
        try (InputStream in = FhirMapperGoldenTest.class.getResourceAsStream("/fhir/" + file)) {
            if (in == null) {
                throw new IOException("missing golden file /fhir/" + file);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .replace("\r\n", "\n")
                    .strip();
        }
    }
}
