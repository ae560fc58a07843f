package org.openhealthexchange.sink.fhir;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.openhealthexchange.core.fhir.FhirContexts;
import org.openhealthexchange.core.http.Sleeper;
import org.openhealthexchange.core.record.DataType;
import org.openhealthexchange.core.record.DeviceInfo;
import org.openhealthexchange.core.record.HealthRecord;
import org.openhealthexchange.core.record.Measurement;
import org.openhealthexchange.core.spi.PublishBatch;

/** A Withings batch (weight, one blood-pressure reading, the scale) and FHIR responses to it. */
final class SinkFixtures {

    static final Instant MORNING = Instant.parse("2024-01-15T07:30:00Z");
    static final Clock CLOCK = Clock.fixed(MORNING, ZoneOffset.UTC);
    /** The Withings user the batch came from; every identifier value starts with it. */
    static final String ACCOUNT = "wu-7";

    private SinkFixtures() {}

    static Measurement weight() {
        return new Measurement(
                "withings", "grp-1", DataType.WEIGHT, "weight", new BigDecimal("72.35"), "kg", MORNING, null, "dev-1");
    }

    static List<HealthRecord> records() {
        var bpTime = MORNING.plusSeconds(60);
        return List.of(
                weight(),
                new Measurement(
                        "withings",
                        "grp-2-sys",
                        DataType.BLOOD_PRESSURE,
                        "systolic",
                        new BigDecimal("128"),
                        "mm[Hg]",
                        bpTime,
                        "grp-2",
                        "dev-1"),
                new Measurement(
                        "withings",
                        "grp-2-dia",
                        DataType.BLOOD_PRESSURE,
                        "diastolic",
                        new BigDecimal("82"),
                        "mm[Hg]",
                        bpTime,
                        "grp-2",
                        "dev-1"),
                new DeviceInfo("withings", "dev-1", "Scale", "Body+", "Withings", null, null));
    }

    static PublishBatch batch(List<HealthRecord> records) {
        return new PublishBatch("b-1", "withings", "ehr-42", ACCOUNT, records);
    }

    static PublishBatch batch() {
        return batch(records());
    }

    /** Settings for the stub at {@code baseUrl}: fast backoff so a real sleeper would not slow a test down either. */
    static FhirSinkSettings settings(String baseUrl) {
        return new FhirSinkSettings(
                true,
                Optional.of(baseUrl),
                100,
                "urn:ohe:ehr-user-id",
                FhirSinkSettings.AuthSettings.none(),
                4,
                Duration.ofMillis(500),
                Duration.ofSeconds(5));
    }

    /** A transaction-response or batch-response; each entry is "status location" or "status!diagnostics". */
    static String response(Bundle.BundleType type, String... entries) {
        var bundle = new Bundle().setType(type);
        for (var entry : entries) {
            var response = bundle.addEntry().getResponse();
            if (entry.contains("!")) {
                var parts = entry.split("!", 2);
                response.setStatus(parts[0]);
                var outcome = new OperationOutcome();
                outcome.addIssue()
                        .setSeverity(OperationOutcome.IssueSeverity.ERROR)
                        .setCode(OperationOutcome.IssueType.INVALID)
                        .setDiagnostics(parts[1]);
                response.setOutcome(outcome);
            } else {
                var parts = entry.split(" ", 3);
                response.setStatus(parts[0] + " " + parts[1]).setLocation(parts[2]);
            }
        }
        return FhirContexts.r4().newJsonParser().encodeResourceToString(bundle);
    }

    static String operationOutcome(String diagnostics) {
        var outcome = new OperationOutcome();
        outcome.addIssue()
                .setSeverity(OperationOutcome.IssueSeverity.ERROR)
                .setCode(OperationOutcome.IssueType.PROCESSING)
                .setDiagnostics(diagnostics);
        return FhirContexts.r4().newJsonParser().encodeResourceToString(outcome);
    }

    /** Records the waits the publisher asks for instead of waiting. */
    static final class RecordingSleeper implements Sleeper {

        final List<Duration> waits = new ArrayList<>();

        @Override
        public void sleep(Duration duration) {
            waits.add(duration);
        }
    }
}
