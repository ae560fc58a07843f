package org.openhealthexchange.sink.fhir;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleType;
import org.hl7.fhir.r4.model.Bundle.HTTPVerb;
import org.openhealthexchange.core.fhir.mapping.MappingResult.MappedResource;

/**
 * One Bundle entry per resource: {@code POST <type>} with {@code ifNoneExist=identifier=<system>|<value>}, so the
 * EHR creates it once and answers every re-send with the existing resource. Entry {@code fullUrl}s are name-based
 * UUIDs of the identifier: the same resource always gets the same Bundle, whether first sent or retried.
 */
final class TransactionBundles {

    private TransactionBundles() {
    }

    static Bundle transaction(List<MappedResource> entries) {
        return bundle(BundleType.TRANSACTION, entries);
    }

    /** The same entries, processed independently: what one bad entry cannot take down. */
    static Bundle batch(List<MappedResource> entries) {
        return bundle(BundleType.BATCH, entries);
    }

    private static Bundle bundle(BundleType type, List<MappedResource> entries) {
        var bundle = new Bundle().setType(type);
        for (var entry : entries) {
            var key = entry.key();
            var uuid = UUID.nameUUIDFromBytes((key.system() + "|" + key.value()).getBytes(StandardCharsets.UTF_8));
            bundle.addEntry()
                    .setFullUrl("urn:uuid:" + uuid)
                    .setResource(entry.resource())
                    .getRequest()
                    .setMethod(HTTPVerb.POST)
                    .setUrl(entry.resource().fhirType())
                    .setIfNoneExist(key.ifNoneExist());
        }
        return bundle;
    }
}
