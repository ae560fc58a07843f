package org.openhealthexchange.core.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationOptions;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.UnknownCodeSystemWarningValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Observation;

/**
 * Validates resources against FHIR R4 core and, for vital-sign Observations, against the R4 vital-signs profile
 * and the specific profile of their LOINC code. Building it loads the whole R4 specification (seconds), so it is
 * created once and shared: {@link #shared()}.
 */
public final class R4Validator {

    private static final String VITAL_SIGNS_CATEGORY = "vital-signs";
    private static final String LOINC = "http://loinc.org";

    private static volatile R4Validator shared;

    private final FhirValidator validator;

    private R4Validator(FhirContext context) {
        var unknownCodeSystems = new UnknownCodeSystemWarningValidationSupport(context);
        // LOINC and MDC are too large to ship; an unknown system is a warning, an invalid structure stays an error.
        unknownCodeSystems.setNonExistentCodeSystemSeverity(UnknownCodeSystemWarningValidationSupport.IssueSeverity.WARNING);
        var chain = new ValidationSupportChain(
                new DefaultProfileValidationSupport(context),
                new CommonCodeSystemsTerminologyService(context),
                new InMemoryTerminologyServerValidationSupport(context),
                new SnapshotGeneratingValidationSupport(context),
                unknownCodeSystems);
        var module = new FhirInstanceValidator(chain);
        module.setNoTerminologyChecks(false);
        this.validator = context.newValidator().registerValidatorModule(module);
    }

    /** The application's validator, built on first use. */
    public static R4Validator shared() {
        var v = shared;
        if (v == null) {
            synchronized (R4Validator.class) {
                v = shared;
                if (v == null) {
                    v = new R4Validator(FhirContexts.r4());
                    shared = v;
                }
            }
        }
        return v;
    }

    /** Validates one resource (a Bundle's entries are validated with their own profiles too). */
    public ValidationReport validate(IBaseResource resource) {
        var options = new ValidationOptions();
        profilesFor(resource).forEach(options::addProfile);
        var messages = validator.validateWithResult(resource, options).getMessages();
        var errors = messages.stream()
                .filter(m -> m.getSeverity() == ResultSeverityEnum.ERROR || m.getSeverity() == ResultSeverityEnum.FATAL)
                .map(R4Validator::describe)
                .toList();
        var warnings = messages.stream()
                .filter(m -> m.getSeverity() == ResultSeverityEnum.WARNING)
                .map(R4Validator::describe)
                .toList();
        if (resource instanceof Bundle bundle) {
            var all = new java.util.ArrayList<>(errors);
            for (var entry : bundle.getEntry()) {
                if (entry.getResource() != null) {
                    all.addAll(validate(entry.getResource()).errors());
                }
            }
            errors = List.copyOf(all);
        }
        return new ValidationReport(errors, warnings);
    }

    /** The profiles a resource is checked against beyond core: vital-signs ones for vital-sign Observations. */
    static Set<String> profilesFor(IBaseResource resource) {
        Set<String> profiles = new LinkedHashSet<>();
        if (resource instanceof Observation obs && isVitalSign(obs)) {
            profiles.add(VitalSignProfiles.VITAL_SIGNS);
            obs.getCode().getCoding().stream()
                    .filter(c -> LOINC.equals(c.getSystem()))
                    .map(Coding::getCode)
                    .map(VitalSignProfiles::forLoinc)
                    .flatMap(java.util.Optional::stream)
                    .forEach(profiles::add);
        }
        return profiles;
    }

    private static boolean isVitalSign(Observation obs) {
        return obs.getCategory().stream()
                .map(CodeableConcept::getCoding)
                .flatMap(List::stream)
                .anyMatch(c -> VITAL_SIGNS_CATEGORY.equals(c.getCode()));
    }

    private static String describe(SingleValidationMessage m) {
        return m.getLocationString() + ": " + m.getMessage();
    }

    /** Errors make a resource invalid; warnings (e.g. a LOINC code that cannot be looked up offline) do not. */
    public record ValidationReport(List<String> errors, List<String> warnings) {

        public boolean valid() {
            return errors.isEmpty();
        }
    }
}
