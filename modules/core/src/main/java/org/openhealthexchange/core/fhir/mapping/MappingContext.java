package org.openhealthexchange.core.fhir.mapping;

import java.time.Clock;
import java.util.Objects;
import org.hl7.fhir.r4.model.Reference;

/**
 * What the mapper needs to know beyond the records: whose data it is ({@code ehrUserId}, null for an organisation's
 * records that name their patients themselves), which vendor account it came from ({@code account}: the vendor's
 * user id, or the practice installation; every identifier value is scoped by it), how the patient is referenced in
 * the EHR, and a {@link Clock} (records carry exact instants; the clock is for what depends on "now").
 */
public record MappingContext(String ehrUserId, String account, PatientReference patientReference, Clock clock) {

    /** Identifier system of the EHR user in {@code Patient?identifier=<system>|<ehrUserId>}, unless configured. */
    public static final String DEFAULT_PATIENT_IDENTIFIER_SYSTEM = "urn:ohe:ehr-user-id";

    public MappingContext {
        ResourceKey.accountPrefix(account); // fails on a missing account: unscoped identifiers could collide
        Objects.requireNonNull(patientReference, "patientReference");
        Objects.requireNonNull(clock, "clock");
    }

    /**
     * Tests and tools: the EHR user's data from vendor account {@code account}, referenced by
     * {@value #DEFAULT_PATIENT_IDENTIFIER_SYSTEM}, UTC.
     */
    public static MappingContext forEhrUser(String ehrUserId, String account) {
        return forEhrUser(ehrUserId, account, DEFAULT_PATIENT_IDENTIFIER_SYSTEM, Clock.systemUTC());
    }

    /** A conditional patient reference by {@code identifierSystem}|{@code ehrUserId}. */
    public static MappingContext forEhrUser(String ehrUserId, String account, String identifierSystem, Clock clock) {
        return new MappingContext(ehrUserId, account, new PatientReference.ByIdentifier(identifierSystem), clock);
    }

    /** The same context with another way of referencing the patient. */
    public MappingContext withPatientReference(PatientReference reference) {
        return new MappingContext(ehrUserId, account, reference, clock);
    }

    /** The reference every patient-bound resource (Observation.subject, Device.patient) carries. */
    public Reference subject() {
        if (ehrUserId == null) {
            throw new UnmappableRecordException("a patient-bound record needs the EHR user it belongs to");
        }
        return patientReference.toReference(ehrUserId);
    }

    /** The key of vendor id {@code sourceId} of {@code kind}, scoped by this context's account. */
    public ResourceKey key(String provider, String kind, String sourceId) {
        return ResourceKey.of(provider, kind, ResourceKey.scopedValue(account, sourceId));
    }

    /** {@code unscoped} (a key whose value is a vendor id) scoped by this context's account. */
    public ResourceKey scoped(ResourceKey unscoped) {
        return new ResourceKey(unscoped.system(), ResourceKey.scopedValue(account, unscoped.value()));
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

        /** A reference the sink worked out already: {@code Patient/<id>} or a bundle entry's {@code urn:uuid:}. */
        record Resolved(String reference) implements PatientReference {

            public Resolved {
                Objects.requireNonNull(reference, "reference");
            }

            @Override
            public Reference toReference(String ehrUserId) {
                return new Reference(reference);
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
