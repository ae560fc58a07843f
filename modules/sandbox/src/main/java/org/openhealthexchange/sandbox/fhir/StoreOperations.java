package org.openhealthexchange.sandbox.fhir;

import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.util.List;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Resource;

/** The read, create and search every resource provider offers, over the store. */
final class StoreOperations {

    private final FhirResourceStore store;

    StoreOperations(FhirResourceStore store) {
        this.store = store;
    }

    <T extends Resource> T read(Class<T> type, IdType id) {
        String name = type.getSimpleName();
        return store.read(name, id.getIdPart())
                .map(type::cast)
                .orElseThrow(() -> new ResourceNotFoundException(new IdType(name, id.getIdPart())));
    }

    /** A create; {@code conditionalUrl} is the {@code If-None-Exist} header (200 with the match instead of 201). */
    MethodOutcome create(Resource resource, String conditionalUrl) {
        var outcome = store.create(resource, conditionalUrl);
        Resource stored = outcome.resource();
        var id = new IdType(
                stored.fhirType(),
                stored.getIdElement().getIdPart(),
                stored.getMeta().getVersionId());
        MethodOutcome result = new MethodOutcome(id, outcome.created());
        result.setResource(stored);
        return result;
    }

    /**
     * An update: {@code PUT Type/id} of an existing resource, or the conditional {@code PUT Type?params} HAPI hands
     * over as {@code conditionalUrl} (201 when it created, 200 otherwise).
     */
    MethodOutcome update(Resource resource, IdType id, String conditionalUrl) {
        String type = resource.fhirType();
        String url;
        if (conditionalUrl != null && !conditionalUrl.isBlank()) {
            url = conditionalUrl.contains("?") ? conditionalUrl : type + "?" + conditionalUrl;
        } else if (id != null && id.hasIdPart()) {
            url = type + "/" + id.getIdPart();
        } else {
            throw new ca.uhn.fhir.rest.server.exceptions.InvalidRequestException(
                    "An update needs an id or a" + " conditional URL");
        }
        var outcome = store.update(resource, url);
        Resource stored = outcome.resource();
        var storedId = new IdType(
                type, stored.getIdElement().getIdPart(), stored.getMeta().getVersionId());
        MethodOutcome result = new MethodOutcome(storedId, outcome.created());
        result.setResource(stored);
        return result;
    }

    <T extends Resource> List<T> search(Class<T> type, RequestDetails request) {
        return store.search(type.getSimpleName(), FhirSearch.of(request.getParameters())).stream()
                .map(type::cast)
                .toList();
    }
}
