package org.openhealthexchange.core.fhir.mapping;

import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.openhealthexchange.core.record.PatientInfo;

/** A practice system's patient to a Patient identified by {@code urn:ohe:<provider>:patient|<patient number>}. */
final class PatientMapper {

    private static final String V2_IDENTIFIER_TYPE = "http://terminology.hl7.org/CodeSystem/v2-0203";

    private PatientMapper() {}

    static Patient map(PatientInfo info, MappingContext ctx) {
        var patient = new Patient();
        patient.addIdentifier(RecordKinds.keyOf(info, ctx).toIdentifier());
        if (present(info.insuranceNumber())) {
            var member = patient.addIdentifier()
                    .setType(new CodeableConcept(new Coding(V2_IDENTIFIER_TYPE, "MB", "Member Number")))
                    .setValue(info.insuranceNumber());
            if (present(info.insuranceProvider())) {
                member.setAssigner(new Reference().setDisplay(info.insuranceProvider()));
            }
        }
        if (present(info.familyName()) || present(info.givenName())) {
            var name = patient.addName();
            if (present(info.familyName())) {
                name.setFamily(info.familyName());
            }
            if (present(info.givenName())) {
                name.addGiven(info.givenName());
            }
        }
        patient.setGender(gender(info.gender()));
        if (info.birthDate() != null) {
            patient.setBirthDateElement(new DateType(info.birthDate().toString()));
        }
        if (present(info.street()) || present(info.postalCode()) || present(info.city())) {
            var address = patient.addAddress();
            if (present(info.street())) {
                address.addLine(present(info.houseNumber()) ? info.street() + " " + info.houseNumber() : info.street());
            }
            if (present(info.postalCode())) {
                address.setPostalCode(info.postalCode());
            }
            if (present(info.city())) {
                address.setCity(info.city());
            }
        }
        info.phones().stream().filter(PatientMapper::present).forEach(phone -> patient.addTelecom()
                .setSystem(ContactPoint.ContactPointSystem.PHONE)
                .setValue(phone));
        info.emails().stream().filter(PatientMapper::present).forEach(email -> patient.addTelecom()
                .setSystem(ContactPoint.ContactPointSystem.EMAIL)
                .setValue(email));
        return patient;
    }

    private static AdministrativeGender gender(PatientInfo.Gender gender) {
        return switch (gender) {
            case MALE -> AdministrativeGender.MALE;
            case FEMALE -> AdministrativeGender.FEMALE;
            case OTHER -> AdministrativeGender.OTHER;
            case UNKNOWN -> AdministrativeGender.UNKNOWN;
        };
    }

    private static boolean present(String s) {
        return s != null && !s.isBlank();
    }
}
