package org.openhealthexchange.sink.fhir;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.openhealthexchange.core.fhir.FhirContexts;
import org.openhealthexchange.core.fhir.mapping.MappingResult.MappedResource;
import org.openhealthexchange.core.fhir.mapping.ResourceKey;
import org.openhealthexchange.core.fhir.mapping.SearchTokens;

/**
 * Makes every reference of a chunk resolvable on a stock EHR (no placeholder targets, referential integrity on):
 * a conditional reference ({@code Device?identifier=…}, {@code Patient?identifier=…}) to a resource of the same
 * chunk becomes that entry's {@code urn:uuid:}; a Device that is referenced but not in the chunk gets a conditional
 * create of its own (identifier and patient only; the full Device replaces it when the vendor reports it), so the
 * Observation can point at it. The EHR user's Patient, when it must be created, comes from {@link PatientResolver}.
 */
final class ReferenceLinker {

    /** The entries a chunk needs beside its own (the Patient to ensure, Device stubs), in sending order. */
    record Support(List<Bundle.BundleEntryComponent> entries) {}

    private ReferenceLinker() {}

    /** The {@code fullUrl} of the entry for {@code key}: a name-based UUID, the same on every send. */
    static String fullUrl(ResourceKey key) {
        return "urn:uuid:"
                + UUID.nameUUIDFromBytes((key.system() + "|" + key.value()).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Rewrites the chunk's conditional references in place and returns the support entries; {@code patient} is
     * the resolved patient (its ensure entry first, when there is one) or null for an organisation's batch.
     */
    static Support link(List<MappedResource> chunk, PatientResolver.PatientTarget patient) {
        Map<String, String> inChunk = new HashMap<>(); // "Type?identifier=<token>" -> fullUrl
        for (var entry : chunk) {
            inChunk.put(conditional(entry.resource().fhirType(), entry.key()), fullUrl(entry.key()));
        }
        List<Bundle.BundleEntryComponent> support = new ArrayList<>();
        if (patient != null) {
            patient.ensure().ifPresent(support::add);
        }
        Map<String, Bundle.BundleEntryComponent> stubs = new LinkedHashMap<>();
        for (var entry : chunk) {
            for (Reference ref : references(entry.resource())) {
                String target = ref.getReference();
                if (target == null || !target.contains("?")) {
                    continue;
                }
                String linked = inChunk.get(target);
                if (linked == null && target.startsWith("Device?") && ref.hasIdentifier() && patient != null) {
                    linked = stubs.computeIfAbsent(target, t -> deviceStub(t, ref, patient))
                            .getFullUrl();
                }
                if (linked != null) {
                    ref.setReference(linked);
                }
            }
        }
        support.addAll(stubs.values());
        return new Support(support);
    }

    /** Replaces references to support entries ({@code urn:uuid:}) by what the EHR created for them. */
    static void literalize(List<MappedResource> chunk, Map<String, String> literalByFullUrl) {
        for (var entry : chunk) {
            for (Reference ref : references(entry.resource())) {
                String literal = literalByFullUrl.get(ref.getReference());
                if (literal != null) {
                    ref.setReference(literal);
                }
            }
        }
    }

    private static Bundle.BundleEntryComponent deviceStub(
            String conditional, Reference ref, PatientResolver.PatientTarget patient) {
        var key = new ResourceKey(
                ref.getIdentifier().getSystem(), ref.getIdentifier().getValue());
        var device = new Device();
        device.addIdentifier(key.toIdentifier());
        device.setPatient(new Reference(patient.reference()));
        var stub = new Bundle.BundleEntryComponent().setFullUrl(fullUrl(key)).setResource(device);
        stub.getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Device").setIfNoneExist(conditional.substring(7));
        return stub;
    }

    private static String conditional(String type, ResourceKey key) {
        return type + "?identifier=" + SearchTokens.token(key.system(), key.value());
    }

    private static List<Reference> references(Resource resource) {
        return FhirContexts.r4().newTerser().getAllPopulatedChildElementsOfType(resource, Reference.class);
    }
}
