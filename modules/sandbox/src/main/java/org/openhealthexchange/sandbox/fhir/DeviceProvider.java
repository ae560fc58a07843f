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
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.IdType;

/** Device: read, (conditional) create, (conditional) update and search over the in-memory store; parameters as in {@link FhirSearch}. */
public final class DeviceProvider implements IResourceProvider {

    private final StoreOperations operations;

    DeviceProvider(StoreOperations operations) {
        this.operations = operations;
    }

    @Override
    public Class<Device> getResourceType() {
        return Device.class;
    }

    @Read
    public Device read(@IdParam IdType id) {
        return operations.read(Device.class, id);
    }

    @Create
    public MethodOutcome create(@ResourceParam Device resource, @ConditionalUrlParam String ifNoneExist) {
        return operations.create(resource, ifNoneExist);
    }

    /** {@code PUT Device/id} of an existing resource or the conditional {@code PUT Device?identifier=…}. */
    @Update
    public MethodOutcome update(
            @ResourceParam Device resource, @IdParam IdType id, @ConditionalUrlParam String conditionalUrl) {
        return operations.update(resource, id, conditionalUrl);
    }

    @Search(allowUnknownParams = true)
    public List<Device> search(RequestDetails request) {
        return operations.search(Device.class, request);
    }
}
