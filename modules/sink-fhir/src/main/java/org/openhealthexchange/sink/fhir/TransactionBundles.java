package org.openhealthexchange.sink.fhir;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleType;
import org.hl7.fhir.r4.model.Bundle.HTTPVerb;
import org.hl7.fhir.r4.model.Resource;
import org.openhealthexchange.core.fhir.mapping.MappingResult.MappedResource;
import org.openhealthexchange.core.fhir.mapping.ResourceKey;

/**
 * One Bundle entry per resource, keyed by its OHE identifier {@code <system>|<value>}:
 * <ul>
 * <li>with {@code updateExisting}, Observations, Devices and a practice's Patients and Appointments (what OHE
 * writes under its own identifier) are conditional updates:
 * {@code PUT <type>?identifier=<system>|<value>} with the resource carrying no id, so the EHR creates it once,
 * leaves it alone when the same content comes again and writes a new version when the vendor corrected it;</li>
 * <li>everything else (every type when {@code updateExisting} is off) is a conditional create: {@code POST <type>} with {@code ifNoneExist=identifier=<system>|<value>}, answered with the existing
 * resource on every re-send.</li>
 * </ul>
 * The token is written by {@code SearchTokens}, percent-encoding what would end or corrupt a query parameter, as
 * HAPI's server URL-decodes the query of a conditional request URL ({@code UrlUtil.parseQueryString}) exactly as it
 * does {@code ifNoneExist}. Entry {@code fullUrl}s are name-based UUIDs of the identifier: the same resource always
 * gets the same Bundle, whether first sent or retried.
 */
public final class TransactionBundles {

    /** The resource types OHE owns and may overwrite with a corrected version. */
    static final Set<String> UPDATABLE_TYPES = Set.of("Observation", "Device", "Patient", "Appointment");

    private TransactionBundles() {}

    /** One transaction of {@code entries} (public: the mapping benchmark builds exactly what the sink sends). */
    public static Bundle transaction(List<MappedResource> entries, boolean updateExisting) {
        return bundle(BundleType.TRANSACTION, entries, updateExisting, List.of());
    }

    /** A transaction of {@code entries} followed by the {@code support} entries they reference. */
    static Bundle transaction(
            List<MappedResource> entries, boolean updateExisting, List<Bundle.BundleEntryComponent> support) {
        return bundle(BundleType.TRANSACTION, entries, updateExisting, support);
    }

    /** The same entries, processed independently: what one bad entry cannot take down. */
    static Bundle batch(List<MappedResource> entries, boolean updateExisting) {
        return bundle(BundleType.BATCH, entries, updateExisting, List.of());
    }

    /** The same record sent twice in one batch must be one entry: two conditional writes of one key conflict. */
    public static List<MappedResource> distinctByKey(List<MappedResource> resources) {
        Map<ResourceKey, MappedResource> byKey = new LinkedHashMap<>();
        for (var resource : resources) {
            byKey.merge(resource.key(), resource, (first, again) -> {
                var sources = new ArrayList<>(first.sources());
                sources.addAll(again.sources());
                return new MappedResource(first.resource(), first.key(), sources);
            });
        }
        return List.copyOf(byKey.values());
    }

    /** Whether {@code resource} is sent as a conditional update rather than a conditional create. */
    static boolean updates(Resource resource, boolean updateExisting) {
        return updateExisting && UPDATABLE_TYPES.contains(resource.fhirType());
    }

    private static Bundle bundle(
            BundleType type,
            List<MappedResource> entries,
            boolean updateExisting,
            List<Bundle.BundleEntryComponent> support) {
        var bundle = new Bundle().setType(type);
        for (var entry : entries) {
            var key = entry.key();
            var resource = entry.resource();
            var added = bundle.addEntry().setFullUrl(ReferenceLinker.fullUrl(key));
            if (updates(resource, updateExisting)) {
                Resource withoutId = resource;
                if (resource.hasId()) {
                    withoutId = resource.copy();
                    withoutId.setIdElement(null);
                }
                added.setResource(withoutId)
                        .getRequest()
                        .setMethod(HTTPVerb.PUT)
                        .setUrl(resource.fhirType() + "?" + key.ifNoneExist());
            } else {
                added.setResource(resource)
                        .getRequest()
                        .setMethod(HTTPVerb.POST)
                        .setUrl(resource.fhirType())
                        .setIfNoneExist(key.ifNoneExist());
            }
        }
        support.forEach(bundle::addEntry);
        return bundle;
    }
}
