package org.openhealthexchange.provider.fitbit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;
import org.openhealthexchange.core.fhir.FhirContexts;
import org.openhealthexchange.core.fhir.R4Validator;

/** The golden-file check of the vendor-JSON-to-FHIR tests. */
public final class FhirGolden {

    private FhirGolden() {}

    /**
     * Asserts every resource is valid R4 and their collection bundle, as pretty JSON, equals the file
     * {@code expected}. With the system property {@code updateProperty} true the file is first rewritten from the
     * actual output; a missing file fails with the actual output left in {@code target/golden-actual/}.
     */
    public static void assertMatches(Path expected, List<Resource> resources, String updateProperty)
            throws IOException {
        Bundle bundle = new Bundle().setType(Bundle.BundleType.COLLECTION);
        for (Resource r : resources) {
            var report = R4Validator.shared().validate(r);
            assertTrue(report.valid(), () -> r.fhirType() + ": " + report.errors());
            bundle.addEntry().setResource(r);
        }
        String actual = FhirContexts.r4().newJsonParser().setPrettyPrint(true).encodeResourceToString(bundle);
        if (Boolean.getBoolean(updateProperty)) {
            Files.createDirectories(expected.getParent());
            Files.writeString(expected, actual + "\n", StandardCharsets.UTF_8);
        }
        if (!Files.exists(expected)) {
            Path out = Path.of("target/golden-actual", expected.getFileName().toString());
            Files.createDirectories(out.getParent());
            Files.writeString(out, actual, StandardCharsets.UTF_8);
            throw new AssertionError("No golden file " + expected + "; the actual output is in " + out
                    + " (or run with -D" + updateProperty + "=true)");
        }
        assertEquals(Files.readString(expected, StandardCharsets.UTF_8).trim(), actual.trim());
    }
}
