package org.openhealthexchange.core.fhir.mapping;

import java.time.Clock;
import java.util.Objects;
import org.hl7.fhir.r4.model.Reference;

/**
 * What the mapper needs to know beyond the records: whose data it is, how that person is referenced in the EHR,
 * and a {@link Clock} whose zone interprets practice-local date-times (appointments carry no offset).
 */
public record MappingContext(String ehrUserId, PatientReference patientReference, Clock clock) {

    /** Identifier system of the EHR user in {@code Patient?identifier=<system>|<ehrUserId>}, unless configured. */
    public static final String DEFAULT_PATIENT_IDENTIFIER_SYSTEM = "urn:ohe:ehr-user-id";

    public MappingContext {
        Objects.requireNonNull(ehrUserId, "ehrUserId");
        Objects.requireNonNull(patientReference, "patientReference");
        Objects.requireNonNull(clock, "clock");
    }

    /** The default: a conditional reference by {@value #DEFAULT_PATIENT_IDENTIFIER_SYSTEM}, UTC. */
    public static MappingContext forEhrUser(String ehrUserId) {
        return forEhrUser(ehrUserId, DEFAULT_PATIENT_IDENTIFIER_SYSTEM, Clock.systemUTC());
    }

    /** A conditional patient reference by {@code identifierSystem}|{@code ehrUserId}. */
    public static MappingContext forEhrUser(String ehrUserId, String identifierSystem, Clock clock) {
        return new MappingContext(ehrUserId, new PatientReference.ByIdentifier(identifierSystem), clock);
    }

    /** The reference every patient-bound resource (Observation.subject, Device.patient) carries. */
    public Reference subject() {
        return patientReference.toReference(ehrUserId);
    }

    /** How the EHR user's Patient is referenced from the resources OHE writes. */
    public sealed interface PatientReference {

        Reference toReference(String ehrUserId);

        /**
         * {@code Patient?identifier=<system>|<ehrUserId>}: a conditional reference the EHR resolves while it
         * processes the transaction, so OHE needs no knowledge of the EHR's own patient ids.
         */
        record ByIdentifier(String identifierSystem) implements PatientReference {

            public ByIdentifier {
                Objects.requireNonNull(identifierSystem, "identifierSystem");
            }

            @Override
            public Reference toReference(String ehrUserId) {
                return new Reference("Patient?identifier=" + SearchTokens.token(identifierSystem, ehrUserId));
            }
        }

        /** {@code Patient/<id>}: for EHRs that do not resolve conditional references. */
        record Literal(String patientId) implements PatientReference {

            public Literal {
                Objects.requireNonNull(patientId, "patientId");
            }

            @Override
            public Reference toReference(String ehrUserId) {
                return new Reference("Patient/" + patientId);
            }
        }
    }
}
