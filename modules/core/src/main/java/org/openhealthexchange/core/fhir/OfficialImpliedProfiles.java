package org.openhealthexchange.core.fhir;

import java.util.List;
import java.util.Set;
import org.hl7.fhir.common.hapi.validation.validator.FhirDefaultPolicyAdvisor;
import org.hl7.fhir.r5.elementmodel.Element;
import org.hl7.fhir.r5.model.ElementDefinition;
import org.hl7.fhir.r5.model.StructureDefinition;
import org.hl7.fhir.r5.utils.validation.IMessagingServices;
import org.hl7.fhir.r5.utils.validation.IResourceValidator;
import org.hl7.fhir.r5.utils.validation.IValidationPolicyAdvisor;
import org.hl7.fhir.r5.utils.validation.constants.ReferenceValidationPolicy;
import org.hl7.fhir.utilities.validation.ValidationMessage;
import org.hl7.fhir.validation.instance.advisor.BasePolicyAdvisorForFullValidation;

/**
 * HAPI's default validation policy, except for the profiles a resource implies: those come from the policy of the
 * official HL7 validator (the CLI and {@code ValidationEngine}), which HAPI's default leaves out. For an R4
 * Observation the HL7 policy reads {@code Observation.code} only, never the category or component codes: a LOINC
 * or SNOMED CT coding from its vital-signs lists (8867-4 and ten other heart-rate codes → {@code heartrate},
 * 2708-6/59408-5/… → {@code oxygensat}, 8310-5/… → {@code bodytemp}, 85354-9/8480-6/… → {@code bp}, …) selects the
 * specific profile, which derives from {@code vitalsigns}. Delegating instead of copying those lists keeps OHE's
 * validator in step with the validator an EHR runs, version for version.
 */
final class OfficialImpliedProfiles extends FhirDefaultPolicyAdvisor {

    private final IValidationPolicyAdvisor official =
            new BasePolicyAdvisorForFullValidation(ReferenceValidationPolicy.IGNORE, Set.of());

    @Override
    public List<StructureDefinition> getImpliedProfilesForResource(
            IResourceValidator validator,
            Object appContext,
            String stackPath,
            ElementDefinition definition,
            StructureDefinition structure,
            Element resource,
            boolean valid,
            IMessagingServices msgServices,
            List<ValidationMessage> messages) {
        return official.getImpliedProfilesForResource(
                validator, appContext, stackPath, definition, structure, resource, valid, msgServices, messages);
    }
}
