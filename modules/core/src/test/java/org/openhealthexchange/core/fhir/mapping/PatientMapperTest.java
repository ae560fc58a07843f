package org.openhealthexchange.core.fhir.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.List;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;
import org.openhealthexchange.core.fhir.R4Validator;
import org.openhealthexchange.core.record.PatientInfo;

/** A patient whose demographics changed at the practice is the same Patient (identifier) with only the new content. */
class PatientMapperTest {

    private final FhirMapper mapper = new FhirMapper();

    private Patient map(PatientInfo info) {
        var patient = (Patient) mapper.map(List.of(info), MappingFixtures.CTX).get(0);
        var report = R4Validator.shared().validate(patient);
        assertTrue(report.valid(), () -> String.join("\n", report.errors()));
        return patient;
    }

    @Test
    void changedDemographicsKeepTheIdentifierAndReplaceTheContent() {
        var before = map(MappingFixtures.patient());
        var after = map(new PatientInfo(
                "calldoc",
                "P-4711",
                "Muster-Neu",
                "Erika Maria",
                LocalDate.of(1964, 8, 21),
                PatientInfo.Gender.OTHER,
                "Neue Allee",
                "17",
                "20095",
                "Hamburg",
                List.of("+49 40 7654321"),
                List.of(),
                "TK",
                "T987654321"));

        assertTrue(before.getIdentifierFirstRep().equalsDeep(after.getIdentifierFirstRep()));
        assertEquals("urn:ohe:calldoc:patient", after.getIdentifierFirstRep().getSystem());
        assertEquals(
                MappingFixtures.ACCOUNT + ":P-4711",
                after.getIdentifierFirstRep().getValue());
        assertEquals("T987654321", after.getIdentifier().get(1).getValue());
        assertEquals("TK", after.getIdentifier().get(1).getAssigner().getDisplay());
        assertEquals(1, after.getName().size());
        assertEquals("Muster-Neu", after.getNameFirstRep().getFamily());
        assertEquals("Erika Maria", after.getNameFirstRep().getGivenAsSingleString());
        assertEquals("1964-08-21", after.getBirthDateElement().getValueAsString());
        assertEquals(AdministrativeGender.OTHER, after.getGender());
        assertEquals(1, after.getAddress().size());
        assertEquals(
                "Neue Allee 17", after.getAddressFirstRep().getLine().get(0).getValue());
        assertEquals("20095", after.getAddressFirstRep().getPostalCode());
        assertEquals("Hamburg", after.getAddressFirstRep().getCity());
        assertEquals(
                List.of("+49 40 7654321"),
                after.getTelecom().stream().map(ContactPoint::getValue).toList(),
                "the old phone and the removed e-mail address are gone");
        assertTrue(!before.equalsDeep(after));
    }

    @Test
    void theSameDemographicsMapToTheSameResource() {
        assertTrue(
                map(MappingFixtures.patient()).equalsDeep(map(MappingFixtures.patient())),
                "an unchanged patient re-sent is an unchanged resource");
    }
}
