package org.openhealthexchange.sandbox.fhir;

import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.PreconditionFailedException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.openhealthexchange.core.fhir.FhirContexts;
import org.openhealthexchange.sandbox.SandboxConfig.ConditionalReferences;

/**
 * Rewrites the references of a newly stored resource as a FHIR server does when it stores it:
 * <ul>
 * <li>{@code urn:uuid:…} pointing at another entry of the same transaction → that entry's {@code Type/id};</li>
 * <li>a conditional reference {@code Patient?identifier=sys|val} → {@code Patient/id} of its single match (412 when
 * several match); with no match, a placeholder Patient (or Device) carrying those identifiers is created, marked with
 * HAPI's {@code resource-placeholder} extension, unless {@code ohe.sandbox.fhir.conditional-references=strict},
 * which refuses the write (422) as the FHIR specification requires;</li>
 * <li>a literal {@code Type/id} of a stored type must exist (400 otherwise); references to other types, absolute
 * URLs and contained ({@code #…}) references are kept as they are.</li>
 * </ul>
 */
final class ReferenceResolver {

    /** The extension HAPI's JPA server puts on auto-created reference targets. */
    static final String PLACEHOLDER_EXTENSION = "http://hapifhir.io/fhir/StructureDefinition/resource-placeholder";

    private final FhirResourceStore store;
    private final BundleProcessor.WriteUnit unit;

    ReferenceResolver(FhirResourceStore store, BundleProcessor.WriteUnit unit) {
        this.store = store;
        this.unit = unit;
    }

    void resolve(Resource resource) {
        List<Reference> references =
                FhirContexts.r4().newTerser().getAllPopulatedChildElementsOfType(resource, Reference.class);
        for (Reference reference : references) {
            String value = reference.getReference();
            if (value == null
                    || value.isBlank()
                    || value.startsWith("#")
                    || value.startsWith("http://")
                    || value.startsWith("https://")) {
                continue;
            }
            if (value.startsWith("urn:")) {
                String target = unit.fullUrls.get(value);
                if (target == null) {
                    throw new InvalidRequestException("Reference " + value + " names no entry of this bundle");
                }
                reference.setReference(target);
            } else if (value.contains("?")) {
                resolveConditional(reference, value);
            } else {
                IdType id = new IdType(value);
                if (ResourceRules.TYPES.contains(id.getResourceType())
                        && store.find(id.getResourceType(), id.getIdPart()).isEmpty()) {
                    throw new InvalidRequestException(
                            "Resource " + id.toUnqualifiedVersionless().getValue() + " not found, referenced from "
                                    + resource.fhirType());
                }
            }
        }
    }

    private void resolveConditional(Reference reference, String value) {
        String type = value.substring(0, value.indexOf('?'));
        if (!ResourceRules.TYPES.contains(type)) {
            return;
        }
        Map<String, List<String>> params = FhirSearch.parseQuery(value);
        FhirSearch.checkSupported(type, params);
        List<Resource> matches = store.findAll(type, params);
        if (matches.size() > 1) {
            throw new PreconditionFailedException(
                    "Conditional reference " + value + " matches " + matches.size() + " resources");
        }
        Resource target = matches.isEmpty() ? placeholder(type, params, value) : matches.get(0);
        reference.setReference(type + "/" + target.getIdElement().getIdPart());
    }

    private Resource placeholder(String type, Map<String, List<String>> params, String value) {
        List<String> identifiers = params.getOrDefault("identifier", List.of());
        boolean placeholdersAllowed = store.conditionalReferences() == ConditionalReferences.PLACEHOLDER;
        if (!placeholdersAllowed
                || identifiers.isEmpty()
                || params.size() != 1
                || !("Patient".equals(type) || "Device".equals(type))) {
            throw new UnprocessableEntityException("Conditional reference " + value + " matches no resource");
        }
        Resource placeholder = "Patient".equals(type) ? new Patient() : new Device();
        for (String token : identifiers) {
            int bar = token.indexOf('|');
            Identifier identifier = bar < 0
                    ? new Identifier().setValue(token)
                    : new Identifier().setSystem(token.substring(0, bar)).setValue(token.substring(bar + 1));
            if (placeholder instanceof Patient p) {
                p.addIdentifier(identifier);
            } else {
                ((Device) placeholder).addIdentifier(identifier);
            }
        }
        ((org.hl7.fhir.r4.model.DomainResource) placeholder).addExtension(PLACEHOLDER_EXTENSION, new BooleanType(true));
        return unit.insert(placeholder);
    }
}
