package org.openhealthexchange.core.fhir.mapping;

import java.util.Objects;
import java.util.Optional;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Resource;

/**
 * The business identifier OHE gives every resource it writes: system {@code urn:ohe:<provider>:<kind>}, value the
 * vendor's id scoped by the vendor account it came from ({@link #scopedValue}). Re-sending the same record yields the same key, which is what makes conditional creates idempotent.
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

    /**
     * The value of a vendor id {@code sourceId} within vendor {@code account} (the vendor's user, installation or
     * practice): {@code <account>:<sourceId>}, with {@code %} and {@code :} of the account percent-encoded so the
     * first colon always ends it. Two accounts can never share a value, whatever ids the vendor hands out.
     */
    public static String scopedValue(String account, String sourceId) {
        return accountPrefix(account) + sourceId;
    }

    /** {@code <account>:}: what every value of {@code account} starts with. */
    public static String accountPrefix(String account) {
        if (account == null || account.isBlank()) {
            throw new IllegalArgumentException("an identifier needs the vendor account it belongs to");
        }
        return account.replace("%", "%25").replace(":", "%3A") + ":";
    }

    /** The vendor id of a value of {@code account}, or empty when the value belongs to another account. */
    public static Optional<String> sourceIdOf(String account, String value) {
        String prefix = accountPrefix(account);
        return value != null && value.startsWith(prefix)
                ? Optional.of(value.substring(prefix.length()))
                : Optional.empty();
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
