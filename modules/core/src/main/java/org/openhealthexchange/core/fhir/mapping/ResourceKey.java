package org.openhealthexchange.core.fhir.mapping;

import java.util.Objects;
import java.util.Optional;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Resource;

/**
 * The business identifier OHE gives every resource it writes: system {@code urn:ohe:<provider>:<kind>}, value the
 * vendor's id. Re-sending the same record yields the same key, which is what makes conditional creates idempotent.
 */
public record ResourceKey(String system, String value) {

    private static final String PREFIX = "urn:ohe:";

    public ResourceKey {
        Objects.requireNonNull(system, "system");
        Objects.requireNonNull(value, "value");
    }

    /** The key of a record of {@code provider}; {@code kind} is the record's type code or measurement metric. */
    public static ResourceKey of(String provider, String kind, String value) {
        return new ResourceKey(PREFIX + provider + ":" + kind, value);
    }

    /** The key of a normalized record (what its mapped resource will carry). */
    public static ResourceKey of(org.openhealthexchange.core.record.HealthRecord record) {
        return RecordKinds.keyOf(record);
    }

    /** The {@code <kind>} of a normalized record: its type code, or its metric for a measurement. */
    public static String kindOf(org.openhealthexchange.core.record.HealthRecord record) {
        return RecordKinds.of(record);
    }

    /** The system of {@code provider}'s identifiers of {@code kind}. */
    public static String system(String provider, String kind) {
        return PREFIX + provider + ":" + kind;
    }

    /** The OHE key a mapped resource carries, if it carries one. */
    public static Optional<ResourceKey> of(Resource resource) {
        var identifiers = resource.getNamedProperty("identifier");
        if (identifiers == null) {
            return Optional.empty();
        }
        return identifiers.getValues().stream()
                .filter(Identifier.class::isInstance)
                .map(Identifier.class::cast)
                .filter(id -> id.hasSystem() && id.getSystem().startsWith(PREFIX) && id.hasValue())
                .map(id -> new ResourceKey(id.getSystem(), id.getValue()))
                .findFirst();
    }

    /** The search that finds this resource again: {@code identifier=<system>|<value>} (for {@code ifNoneExist}). */
    public String ifNoneExist() {
        return "identifier=" + SearchTokens.token(system, value);
    }

    /** The FHIR identifier element for this key. */
    public Identifier toIdentifier() {
        return new Identifier().setSystem(system).setValue(value);
    }
}
