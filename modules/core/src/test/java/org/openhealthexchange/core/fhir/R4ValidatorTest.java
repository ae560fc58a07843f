package org.openhealthexchange.core.fhir;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Date;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.SampledData;
import org.hl7.fhir.r4.model.SimpleQuantity;
import org.junit.jupiter.api.Test;

/**
 * The validator applies the profiles the official HL7 validator implies from {@code Observation.code}, so what
 * passes here passes an EHR that validates with it.
 */
class R4ValidatorTest {

    private static final String CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category";
    private static final String MDC = "urn:iso:std:iso:11073:10101";

    private final R4Validator validator = R4Validator.shared();

    private static Observation heartRate() {
        var obs = new Observation();
        obs.setStatus(Observation.ObservationStatus.FINAL);
        obs.addCategory(new CodeableConcept(new Coding(CATEGORY, "vital-signs", "Vital Signs")));
        obs.setCode(new CodeableConcept(new Coding("http://loinc.org", "8867-4", "Heart rate")));
        obs.setSubject(new Reference("Patient/example"));
        obs.setEffective(new DateTimeType(new Date(1_701_942_000_000L)));
        obs.setValue(new Quantity()
                .setValue(72)
                .setUnit("beats/minute")
                .setSystem("http://unitsofmeasure.org")
                .setCode("/min"));
        return obs;
    }

    /** Four minutes of heart rate as the mapper used to write them: LOINC code, category exam, SampledData. */
    private static Observation series(String system, String code) {
        var obs = heartRate();
        obs.getCategory().clear();
        obs.addCategory(new CodeableConcept(new Coding(CATEGORY, "exam", "Exam")));
        obs.setCode(new CodeableConcept(new Coding(system, code, null)));
        obs.setEffective(new Period()
                .setStartElement(new DateTimeType("2024-01-15T00:00:00Z"))
                .setEndElement(new DateTimeType("2024-01-15T00:04:00Z")));
        obs.setValue(sampled());
        return obs;
    }

    private static SampledData sampled() {
        var origin = new SimpleQuantity();
        origin.setValue(0)
                .setUnit("/min")
                .setSystem("http://unitsofmeasure.org")
                .setCode("/min");
        return new SampledData()
                .setOrigin(origin)
                .setPeriod(60000)
                .setDimensions(1)
                .setData("61 62.5 E 64");
    }

    @Test
    void aCompleteHeartRateObservationIsAValidVitalSign() {
        var report = validator.validate(heartRate());
        assertTrue(report.valid(), () -> String.join("\n", report.errors()));
    }

    @Test
    void aHeartRateCodeImpliesTheHeartRateProfileWhateverTheCategory() {
        var report = validator.validate(series("http://loinc.org", "8867-4"));

        assertFalse(report.valid(), "the heartrate profile allows a Quantity only");
        assertTrue(report.errors().stream().anyMatch(e -> e.contains("heartrate")), report.errors()::toString);
    }

    @Test
    void theHeartRateCodesAreTheOfficialValidatorsNotJust8867() {
        // 8889-8 "Heart rate by Pulse oximetry" is one of the eleven LOINC codes the HL7 validator maps to heartrate.
        assertFalse(validator.validate(series("http://loinc.org", "8889-8")).valid());
    }

    @Test
    void aHeartRateInANonUcumUnitFailsTheHeartRateProfileEvenAsAnExam() {
        var obs = heartRate();
        obs.getCategoryFirstRep().getCodingFirstRep().setCode("exam");
        obs.setValue(new Quantity()
                .setValue(72)
                .setUnit("bpm")
                .setSystem("http://unitsofmeasure.org")
                .setCode("bpm"));
        assertFalse(validator.validate(obs).valid());
    }

    @Test
    void aSeriesCodedInMdcImpliesNoVitalSignProfile() {
        var report = validator.validate(series(MDC, "149514"));
        assertTrue(report.valid(), () -> String.join("\n", report.errors()));
    }

    @Test
    void componentCodesImplyNoProfileAsInTheOfficialValidator() {
        var obs = series(MDC, "131328");
        obs.addComponent()
                .setCode(new CodeableConcept(new Coding("http://loinc.org", "8867-4", "Heart rate")))
                .setValue(sampled());
        var report = validator.validate(obs);
        assertTrue(report.valid(), () -> String.join("\n", report.errors()));
    }

    @Test
    void aVitalSignWithoutSubjectFailsTheVitalSignsProfile() {
        var obs = heartRate();
        obs.setSubject(null);
        var report = validator.validate(obs);
        assertFalse(report.valid());
        assertTrue(report.errors().stream().anyMatch(e -> e.contains("subject")), report.errors()::toString);
    }

    @Test
    void coreRulesApplyToEveryResource() {
        var patient = new Patient();
        patient.setGender(Enumerations.AdministrativeGender.FEMALE);
        patient.addName().setFamily("Muster").addGiven("Erika");
        assertTrue(validator.validate(patient).valid());

        var obs = heartRate();
        obs.setStatus(null); // status is 1..1 in R4 core
        assertFalse(validator.validate(obs).valid());
    }

    @Test
    void bundleEntriesAreValidatedWithTheirImpliedProfiles() {
        var bundle = new Bundle().setType(Bundle.BundleType.COLLECTION);
        bundle.addEntry()
                .setFullUrl("urn:uuid:6f1c1a2e-0000-4000-8000-000000000001")
                .setResource(series("http://loinc.org", "8867-4"));
        assertFalse(validator.validate(bundle).valid());
    }
}
