package org.openhealthexchange.sandbox.fhir;

import ca.uhn.fhir.rest.annotation.ConditionalUrlParam;
import ca.uhn.fhir.rest.annotation.Create;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.ResourceParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.annotation.Update;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.IResourceProvider;
import java.util.List;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Observation;

/** Observation: read, (conditional) create, (conditional) update and search over the in-memory store; parameters as in {@link FhirSearch}. */
public final class ObservationProvider implements IResourceProvider {

    private final StoreOperations operations;

    ObservationProvider(StoreOperations operations) {
        this.operations = operations;
    }

    @Override
    public Class<Observation> getResourceType() {
        return Observation.class;
    }

    @Read
    public Observation read(@IdParam IdType id) {
        return operations.read(Observation.class, id);
    }

    @Create
    public MethodOutcome create(@ResourceParam Observation resource, @ConditionalUrlParam String ifNoneExist) {
        return operations.create(resource, ifNoneExist);
    }

    /** {@code PUT Observation/id} of an existing resource or the conditional {@code PUT Observation?identifier=…}. */
    @Update
    public MethodOutcome update(
            @ResourceParam Observation resource, @IdParam IdType id, @ConditionalUrlParam String conditionalUrl) {
        return operations.update(resource, id, conditionalUrl);
    }

    @Search(allowUnknownParams = true)
    public List<Observation> search(RequestDetails request) {
        return operations.search(Observation.class, request);
    }
}
