package org.openhealthexchange.core.fhir.mapping;

import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;

/** The R4 observation categories OHE uses; a {@link #VITAL_SIGNS} Observation must meet the vital-signs profile. */
enum ObservationCategory {
    VITAL_SIGNS("vital-signs", "Vital Signs"),
    ACTIVITY("activity", "Activity"),
    EXAM("exam", "Exam"),
    PROCEDURE("procedure", "Procedure");

    static final String SYSTEM = "http://terminology.hl7.org/CodeSystem/observation-category";

    private final String code;
    private final String display;

    ObservationCategory(String code, String display) {
        this.code = code;
        this.display = display;
    }

    CodeableConcept toConcept() {
        return new CodeableConcept(new Coding(SYSTEM, code, display));
    }
}
