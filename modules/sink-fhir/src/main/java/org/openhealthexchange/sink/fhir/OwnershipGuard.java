package org.openhealthexchange.sink.fhir;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.openhealthexchange.core.fhir.mapping.MappingResult.MappedResource;
import org.openhealthexchange.core.fhir.mapping.ResourceKey;
import org.openhealthexchange.sink.fhir.client.FhirCallException;
import org.openhealthexchange.sink.fhir.client.FhirServerClient;
import org.openhealthexchange.sink.fhir.client.RetryingCalls;

/**
 * Keeps a conditional update from moving a resource to another patient: before a chunk is sent, one search per
 * resource type finds what the EHR already holds under the chunk's identifiers, and every match whose subject is not
 * this patient is refused (reported per record, never sent). HAPI would otherwise apply {@code PUT
 * Observation?identifier=…} to the other patient's resource and rewrite its subject.
 */
final class OwnershipGuard {

    /** The patient-bound types OHE updates, and the search parameter / element naming their patient. */
    private static final Map<String, String> SUBJECT_ELEMENT = Map.of("Observation", "subject", "Device", "patient");

    private final FhirServerClient server;
    private final RetryingCalls calls;

    OwnershipGuard(FhirServerClient server, RetryingCalls calls) {
        this.server = server;
        this.calls = calls;
    }

    /**
     * The entries of {@code chunk} that must not be written, with the reason; {@code patientId} is the EHR id of
     * this batch's patient, empty when the patient does not exist yet (then every match is someone else's).
     */
    Map<ResourceKey, String> refused(List<MappedResource> chunk, Optional<String> patientId) throws FhirCallException {
        Map<String, List<ResourceKey>> byType = new LinkedHashMap<>();
        for (var entry : chunk) {
            String type = entry.resource().fhirType();
            if (SUBJECT_ELEMENT.containsKey(type)) {
                byType.computeIfAbsent(type, t -> new ArrayList<>()).add(entry.key());
            }
        }
        Map<ResourceKey, String> refused = new HashMap<>();
        for (var typed : byType.entrySet()) {
            String type = typed.getKey();
            var codings = typed.getValue().stream()
                    .map(k -> new org.hl7.fhir.r4.model.Coding()
                            .setSystem(k.system())
                            .setCode(k.value()))
                    .toList();
            String element = SUBJECT_ELEMENT.get(type);
            for (Resource existing :
                    calls.run(() -> server.searchByIdentifiers(type, codings, "identifier", element))) {
                String owner = ownerOf(existing);
                if (patientId.isPresent() && patientId.get().equals(owner)) {
                    continue;
                }
                String found = type + "/" + existing.getIdElement().getIdPart();
                for (var key : typed.getValue()) {
                    if (carries(existing, key)) {
                        refused.put(
                                key,
                                "refused: " + found + " with identifier " + key.system() + "|" + key.value()
                                        + " belongs to " + (owner == null ? "no patient" : "Patient/" + owner)
                                        + ", not to this patient; OHE never moves a resource to another patient");
                    }
                }
            }
        }
        return refused;
    }

    private static String ownerOf(Resource resource) {
        Reference ref = resource instanceof Observation o
                ? o.getSubject()
                : resource instanceof Device d ? d.getPatient() : null;
        if (ref == null || !ref.hasReference()) {
            return null;
        }
        var id = ref.getReferenceElement();
        return "Patient".equals(id.getResourceType()) ? id.getIdPart() : null;
    }

    private static boolean carries(Resource resource, ResourceKey key) {
        List<Identifier> identifiers = resource instanceof Observation o
                ? o.getIdentifier()
                : resource instanceof Device d ? d.getIdentifier() : List.of();
        return identifiers.stream()
                .anyMatch(i -> key.system().equals(i.getSystem()) && key.value().equals(i.getValue()));
    }
}
