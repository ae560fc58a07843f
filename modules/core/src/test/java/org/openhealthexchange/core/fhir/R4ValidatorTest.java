package org.openhealthexchange.core.fhir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Date;
import java.util.Set;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;

class R4ValidatorTest {

    private final R4Validator validator = R4Validator.shared();

    private static Observation heartRate() {
        var obs = new Observation();
        obs.setStatus(Observation.ObservationStatus.FINAL);
        obs.addCategory(new CodeableConcept(new Coding(
                "http://terminology.hl7.org/CodeSystem/observation-category", "vital-signs", "Vital Signs")));
        obs.setCode(new CodeableConcept(new Coding("http://loinc.org", "8867-4", "Heart rate")));
        obs.setSubject(new Reference("Patient/example"));
        obs.setEffective(new org.hl7.fhir.r4.model.DateTimeType(new Date(1_701_942_000_000L)));
        obs.setValue(new Quantity().setValue(72).setUnit("beats/minute").setSystem("http://unitsofmeasure.org").setCode("/min"));
        return obs;
    }

    @Test
    void aCompleteHeartRateObservationIsAValidVitalSign() {
        var report = validator.validate(heartRate());
        assertTrue(report.valid(), () -> String.join("\n", report.errors()));
    }

    @Test
    void vitalSignObservationsAreCheckedAgainstTheVitalSignsAndTheirCodesProfile() {
        assertEquals(Set.of(VitalSignProfiles.VITAL_SIGNS, "http://hl7.org/fhir/StructureDefinition/heartrate"),
                R4Validator.profilesFor(heartRate()));
        assertEquals(Set.of(), R4Validator.profilesFor(new Patient()));
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
    void aHeartRateInANonUcumUnitFailsTheHeartRateProfile() {
        var obs = heartRate();
        obs.setValue(new Quantity().setValue(72).setUnit("bpm").setSystem("http://unitsofmeasure.org").setCode("bpm"));
        assertFalse(validator.validate(obs).valid());
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
    void bundleEntriesAreValidatedWithTheirProfiles() {
        var bad = heartRate();
        bad.setSubject(null);
        var bundle = new Bundle().setType(Bundle.BundleType.COLLECTION);
        bundle.addEntry().setFullUrl("urn:uuid:6f1c1a2e-0000-4000-8000-000000000001").setResource(bad);
        assertFalse(validator.validate(bundle).valid());
    }
}
