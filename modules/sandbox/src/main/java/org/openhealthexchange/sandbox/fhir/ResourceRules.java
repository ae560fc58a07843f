package org.openhealthexchange.sandbox.fhir;

import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import java.util.Set;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Resource;

/**
 * What the EHR simulator accepts: the four resource types it stores, each with the elements R4 requires (minimum
 * cardinality 1). A write that breaks a rule is refused with 422, as a validating EHR would.
 */
final class ResourceRules {

    /** The resource types the simulator stores. */
    static final Set<String> TYPES = Set.of("Patient", "Observation", "Device", "Appointment");

    private ResourceRules() {}

    static void checkType(String type) {
        if (!TYPES.contains(type)) {
            throw new InvalidRequestException(
                    "Resource type " + type + " is not supported by this server; it stores " + TYPES);
        }
    }

    /** Throws 422 naming the first missing required element. */
    static void validate(Resource resource) {
        checkType(resource.fhirType());
        if (resource instanceof Observation o) {
            require(o.hasStatus(), "Observation.status");
            require(o.hasCode() && (o.getCode().hasCoding() || o.getCode().hasText()), "Observation.code");
        } else if (resource instanceof Appointment a) {
            require(a.hasStatus(), "Appointment.status");
            require(a.hasParticipant(), "Appointment.participant");
            a.getParticipant().forEach(p -> require(p.hasStatus(), "Appointment.participant.status"));
        }
    }

    private static void require(boolean present, String element) {
        if (!present) {
            throw new UnprocessableEntityException(element + " is required (minimum cardinality 1)");
        }
    }
}
