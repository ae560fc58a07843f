package org.openhealthexchange.sandbox.fhir;

import ca.uhn.fhir.rest.annotation.ConditionalUrlParam;
import ca.uhn.fhir.rest.annotation.Create;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.ResourceParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.IResourceProvider;
import java.util.List;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;

/** Patient: read, (conditional) create and search over the in-memory store; parameters as in {@link FhirSearch}. */
public final class PatientProvider implements IResourceProvider {

    private final StoreOperations operations;

    PatientProvider(StoreOperations operations) {
        this.operations = operations;
    }

    @Override
    public Class<Patient> getResourceType() {
        return Patient.class;
    }

    @Read
    public Patient read(@IdParam IdType id) {
        return operations.read(Patient.class, id);
    }

    @Create
    public MethodOutcome create(@ResourceParam Patient resource, @ConditionalUrlParam String ifNoneExist) {
        return operations.create(resource, ifNoneExist);
    }

    @Search(allowUnknownParams = true)
    public List<Patient> search(RequestDetails request) {
        return operations.search(Patient.class, request);
    }
}
