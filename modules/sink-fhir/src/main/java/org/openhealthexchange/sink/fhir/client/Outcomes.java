package org.openhealthexchange.sink.fhir.client;

import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.OperationOutcome;

/** The human-readable text of an OperationOutcome: each issue's diagnostics, else its details. */
public final class Outcomes {

    private Outcomes() {}

    public static String text(OperationOutcome outcome) {
        return outcome.getIssue().stream()
                .map(issue -> issue.hasDiagnostics()
                        ? issue.getDiagnostics()
                        : issue.getDetails().getText())
                .filter(t -> t != null && !t.isBlank())
                .collect(Collectors.joining("; "));
    }
}
