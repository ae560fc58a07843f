package org.openhealthexchange.sink.fhir;

import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.openhealthexchange.core.fhir.mapping.ResourceKey;
import org.openhealthexchange.core.fhir.mapping.SearchTokens;
import org.openhealthexchange.sink.fhir.FhirSinkConfig.PatientMode;
import org.openhealthexchange.sink.fhir.client.FhirCallException;
import org.openhealthexchange.sink.fhir.client.FhirServerClient;
import org.openhealthexchange.sink.fhir.client.RetryingCalls;

/**
 * Finds the EHR user's Patient the way {@code ohe.sink.fhir.patient-mode} says: {@code literal} trusts the
 * ehr_user_id as the Patient id; {@code existing} and {@code ensure} search by the configured identifier system;
 * where {@code ensure} finds none, the transactions carry a conditional create of it and reference its entry.
 */
final class PatientResolver {

    /** Who the resources belong to: the reference they carry, the EHR's id when known, and what to create. */
    record PatientTarget(String reference, Optional<String> patientId, Optional<Bundle.BundleEntryComponent> ensure) {}

    /** The Patient cannot be referenced (existing mode, none or several found); the message says what to do. */
    static final class PatientUnavailable extends Exception {
        PatientUnavailable(String message) {
            super(message);
        }
    }

    private final FhirServerClient server;
    private final RetryingCalls calls;
    private final PatientMode mode;
    private final String system;

    PatientResolver(FhirServerClient server, RetryingCalls calls, PatientMode mode, String system) {
        this.server = server;
        this.calls = calls;
        this.mode = mode;
        this.system = system;
    }

    PatientTarget resolve(String ehrUserId) throws FhirCallException, PatientUnavailable {
        if (mode == PatientMode.LITERAL) {
            return new PatientTarget("Patient/" + ehrUserId, Optional.of(ehrUserId), Optional.empty());
        }
        String token = SearchTokens.token(system, ehrUserId);
        List<Resource> found =
                calls.run(() -> server.searchAll("Patient?identifier=" + token + "&_elements=identifier"));
        if (found.size() > 1) {
            throw new PatientUnavailable("the EHR holds " + found.size() + " Patients with identifier " + token
                    + "; OHE cannot tell which one is ehr_user_id '" + ehrUserId + "'");
        }
        if (found.size() == 1) {
            String id = found.get(0).getIdElement().getIdPart();
            return new PatientTarget("Patient/" + id, Optional.of(id), Optional.empty());
        }
        if (mode == PatientMode.EXISTING) {
            throw new PatientUnavailable("the EHR has no Patient with identifier " + token + " (patient-mode "
                    + "existing): create it in the EHR under ohe.sink.fhir.patient-identifier-system, or set "
                    + "ohe.sink.fhir.patient-mode=ensure to let OHE create it");
        }
        return ensure(ehrUserId, token);
    }

    private PatientTarget ensure(String ehrUserId, String token) {
        String fullUrl = ReferenceLinker.fullUrl(new ResourceKey(system, ehrUserId));
        var patient = new Patient();
        patient.addIdentifier().setSystem(system).setValue(ehrUserId);
        var entry = new Bundle.BundleEntryComponent().setFullUrl(fullUrl).setResource(patient);
        entry.getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Patient").setIfNoneExist("identifier=" + token);
        return new PatientTarget(fullUrl, Optional.empty(), Optional.of(entry));
    }
}
