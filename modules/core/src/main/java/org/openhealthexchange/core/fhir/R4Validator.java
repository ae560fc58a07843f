package org.openhealthexchange.core.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import java.util.List;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.UnknownCodeSystemWarningValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * Validates resources against FHIR R4 core and against the profiles the official HL7 validator implies: an
 * Observation whose code is a vital sign (e.g. LOINC 8867-4) must meet that sign's profile ({@code heartrate}) and
 * so {@code vitalsigns}, whatever its category (see {@link OfficialImpliedProfiles}). Building it loads the whole R4
 * specification (seconds), so it is created once and shared: {@link #shared()}.
 */
public final class R4Validator {

    private static volatile R4Validator shared;

    private final FhirValidator validator;

    private R4Validator(FhirContext context) {
        var unknownCodeSystems = new UnknownCodeSystemWarningValidationSupport(context);
        // LOINC and MDC are too large to ship; an unknown system is a warning, an invalid structure stays an error.
        unknownCodeSystems.setNonExistentCodeSystemSeverity(
                UnknownCodeSystemWarningValidationSupport.IssueSeverity.WARNING);
        var chain = new ValidationSupportChain(
                new DefaultProfileValidationSupport(context),
                new CommonCodeSystemsTerminologyService(context),
                new InMemoryTerminologyServerValidationSupport(context),
                new SnapshotGeneratingValidationSupport(context),
                unknownCodeSystems);
        var module = new FhirInstanceValidator(chain);
        module.setNoTerminologyChecks(false);
        module.setValidatorPolicyAdvisor(new OfficialImpliedProfiles());
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

    /** Validates one resource; a Bundle's entries are validated with it, implied profiles included. */
    public ValidationReport validate(IBaseResource resource) {
        var messages = validator.validateWithResult(resource).getMessages();
        var errors = messages.stream()
                .filter(m -> m.getSeverity() == ResultSeverityEnum.ERROR || m.getSeverity() == ResultSeverityEnum.FATAL)
                .map(R4Validator::describe)
                .toList();
        var warnings = messages.stream()
                .filter(m -> m.getSeverity() == ResultSeverityEnum.WARNING)
                .map(R4Validator::describe)
                .toList();
        return new ValidationReport(errors, warnings);
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
