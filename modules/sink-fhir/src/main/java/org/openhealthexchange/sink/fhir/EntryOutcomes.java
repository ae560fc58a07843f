package org.openhealthexchange.sink.fhir;

import ca.uhn.fhir.model.api.StorageResponseCodeEnum;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.HTTPVerb;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.openhealthexchange.core.spi.PublishResult.Status;
import org.openhealthexchange.sink.fhir.client.FhirCallException;
import org.openhealthexchange.sink.fhir.client.Outcomes;

/**
 * Reads a transaction-response or batch-response: entry {@code i} answers request entry {@code i}. A status outside
 * 2xx failed. Otherwise, in this order:
 * <ol>
 * <li>when the entry's {@code response.outcome} carries HAPI's storage response code
 * ({@value StorageResponseCodeEnum#SYSTEM}), as HAPI's JPA server writes it for every create and update, that code
 * decides: a create (also an update that created) → CREATED, an update that wrote a new version → UPDATED, a match
 * left alone ({@code …_NO_CHANGE}, a conditional create that matched) → UNCHANGED;</li>
 * <li>{@code 201} → CREATED;</li>
 * <li>{@code 200} to a conditional create ({@code POST}) → UNCHANGED: it found the resource already there;</li>
 * <li>{@code 200} to a conditional update ({@code PUT}) → UPDATED when the version the server answers with
 * (location {@code …/_history/N}, else etag {@code W/"N"}) is above 1, otherwise UNCHANGED. A server writes version
 * 1 on create and a higher one on every real update, and answers a no-op update (same content) with the version it
 * already had; so version 1 is surely unchanged, but a server that sends no storage response code cannot be told
 * apart when it answers a no-op on a resource that an earlier send already corrected (version ≥ 2): that re-send is
 * reported UPDATED. The rule errs towards UPDATED, never reports a real update as UNCHANGED, and an answer without
 * any version counts as UNCHANGED.</li>
 * </ol>
 */
final class EntryOutcomes {

    /** The outcome of one Bundle entry, before it is copied to the records the entry was made from. */
    record EntryResult(Status status, String location, String error) {

        static EntryResult failed(String error) {
            return new EntryResult(Status.FAILED, null, error);
        }
    }

    private EntryOutcomes() {}

    /** The outcome of each entry of {@code request} (whose methods tell a conditional create from an update). */
    static List<EntryResult> read(Bundle response, Bundle request) throws FhirCallException {
        int requested = request.getEntry().size();
        if (response == null || response.getEntry().size() != requested) {
            throw new FhirCallException(
                    FhirCallException.Kind.FATAL,
                    200,
                    "the EHR answered "
                            + (response == null
                                    ? "nothing"
                                    : response.getEntry().size() + " entries") + " for "
                            + requested + " requests",
                    null);
        }
        List<EntryResult> results = new ArrayList<>(requested);
        for (int i = 0; i < requested; i++) {
            results.add(read(
                    response.getEntry().get(i).getResponse(),
                    request.getEntry().get(i).getRequest().getMethod()));
        }
        return results;
    }

    private static EntryResult read(Bundle.BundleEntryResponseComponent response, HTTPVerb method) {
        var statusLine =
                response.getStatus() == null ? "" : response.getStatus().trim();
        var code = statusLine.length() >= 3 ? statusLine.substring(0, 3) : statusLine;
        var location = response.hasLocation() ? response.getLocation() : null;
        if (!code.startsWith("2") || code.length() != 3) {
            var detail = response.getOutcome() instanceof OperationOutcome outcome ? Outcomes.text(outcome) : "";
            return EntryResult.failed("HTTP " + (statusLine.isEmpty() ? "status missing" : statusLine)
                    + (detail.isEmpty() ? "" : ": " + detail));
        }
        var stored = storageResponseCode(response);
        if (stored.isPresent()) {
            return new EntryResult(stored.get(), location, null);
        }
        if ("201".equals(code)) {
            return new EntryResult(Status.CREATED, location, null);
        }
        if (method == HTTPVerb.PUT && version(response).filter(v -> v > 1).isPresent()) {
            return new EntryResult(Status.UPDATED, location, null);
        }
        return new EntryResult(Status.UNCHANGED, location, null);
    }

    /** What HAPI's storage response code says happened, if the outcome carries one this sink knows. */
    private static Optional<Status> storageResponseCode(Bundle.BundleEntryResponseComponent response) {
        if (!(response.getOutcome() instanceof OperationOutcome outcome)) {
            return Optional.empty();
        }
        for (var issue : outcome.getIssue()) {
            for (var coding : issue.getDetails().getCoding()) {
                if (StorageResponseCodeEnum.SYSTEM.equals(coding.getSystem()) && coding.hasCode()) {
                    var status = statusOf(coding.getCode());
                    if (status != null) {
                        return Optional.of(status);
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static Status statusOf(String code) {
        switch (code) {
            case "SUCCESSFUL_CREATE",
                    "SUCCESSFUL_CREATE_NO_CONDITIONAL_MATCH",
                    "SUCCESSFUL_UPDATE_AS_CREATE",
                    "SUCCESSFUL_UPDATE_NO_CONDITIONAL_MATCH":
                return Status.CREATED;
            case "SUCCESSFUL_UPDATE",
                    "SUCCESSFUL_UPDATE_WITH_CONDITIONAL_MATCH",
                    "SUCCESSFUL_PATCH",
                    "SUCCESSFUL_CONDITIONAL_PATCH":
                return Status.UPDATED;
            case "SUCCESSFUL_CREATE_WITH_CONDITIONAL_MATCH",
                    "SUCCESSFUL_UPDATE_NO_CHANGE",
                    "SUCCESSFUL_UPDATE_WITH_CONDITIONAL_MATCH_NO_CHANGE",
                    "SUCCESSFUL_PATCH_NO_CHANGE",
                    "SUCCESSFUL_CONDITIONAL_PATCH_NO_CHANGE":
                return Status.UNCHANGED;
            default:
                return null;
        }
    }

    /** The version the server answered with: {@code …/_history/N} of the location, else the etag {@code W/"N"}. */
    static Optional<Long> version(Bundle.BundleEntryResponseComponent response) {
        if (response.hasLocation()) {
            var id = new IdType(response.getLocation());
            if (id.hasVersionIdPart() && id.isVersionIdPartValidLong()) {
                return Optional.of(id.getVersionIdPartAsLong());
            }
        }
        if (response.hasEtag()) {
            var etag = response.getEtag().trim();
            if (etag.startsWith("W/")) {
                etag = etag.substring(2);
            }
            etag = etag.replace("\"", "");
            try {
                return Optional.of(Long.parseLong(etag));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }
}
