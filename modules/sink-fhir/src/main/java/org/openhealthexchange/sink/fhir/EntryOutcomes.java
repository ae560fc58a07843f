package org.openhealthexchange.sink.fhir;

import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.openhealthexchange.core.spi.PublishResult.Status;

/**
 * Reads a transaction-response or batch-response: entry {@code i} answers request entry {@code i}. {@code 201}
 * created it; {@code 200} means the conditional create found it already there; anything else failed.
 */
final class EntryOutcomes {

    /** The outcome of one Bundle entry, before it is copied to the records the entry was made from. */
    record EntryResult(Status status, String location, String error) {

        static EntryResult failed(String error) {
            return new EntryResult(Status.FAILED, null, error);
        }
    }

    private EntryOutcomes() {
    }

    static List<EntryResult> read(Bundle response, int requested) throws FhirCallException {
        if (response == null || response.getEntry().size() != requested) {
            throw new FhirCallException(FhirCallException.Kind.FATAL, 200, "the EHR answered "
                    + (response == null ? "nothing" : response.getEntry().size() + " entries") + " for "
                    + requested + " requests", null);
        }
        List<EntryResult> results = new ArrayList<>(requested);
        for (var entry : response.getEntry()) {
            results.add(read(entry.getResponse()));
        }
        return results;
    }

    private static EntryResult read(Bundle.BundleEntryResponseComponent response) {
        var statusLine = response.getStatus() == null ? "" : response.getStatus().trim();
        var code = statusLine.length() >= 3 ? statusLine.substring(0, 3) : statusLine;
        var location = response.hasLocation() ? response.getLocation() : null;
        switch (code) {
            case "201":
                return new EntryResult(Status.CREATED, location, null);
            case "200":
                return new EntryResult(Status.UNCHANGED, location, null);
            default:
                var detail = response.getOutcome() instanceof OperationOutcome outcome ? Outcomes.text(outcome) : "";
                return EntryResult.failed("HTTP " + (statusLine.isEmpty() ? "status missing" : statusLine)
                        + (detail.isEmpty() ? "" : ": " + detail));
        }
    }
}
