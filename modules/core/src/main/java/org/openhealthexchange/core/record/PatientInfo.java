package org.openhealthexchange.core.record;

import java.time.LocalDate;
import java.util.List;

/** Demographics of a patient as a practice system knows them. */
public record PatientInfo(
        String provider,
        String sourceId,
        String familyName,
        String givenName,
        LocalDate birthDate,
        Gender gender,
        String street,
        String houseNumber,
        String postalCode,
        String city,
        List<String> phones,
        List<String> emails,
        String insuranceProvider,
        String insuranceNumber)
        implements HealthRecord {

    /** Administrative gender as FHIR knows it. */
    public enum Gender {
        MALE,
        FEMALE,
        OTHER,
        UNKNOWN
    }

    public PatientInfo {
        phones = phones == null ? List.of() : List.copyOf(phones);
        emails = emails == null ? List.of() : List.copyOf(emails);
        gender = gender == null ? Gender.UNKNOWN : gender;
    }

    @Override
    public DataType type() {
        return DataType.PATIENT;
    }
}
