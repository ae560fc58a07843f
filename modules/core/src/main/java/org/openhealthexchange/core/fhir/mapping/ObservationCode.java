package org.openhealthexchange.core.fhir.mapping;

import java.math.BigDecimal;
import java.util.List;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Quantity;

/**
 * How one kind of value is coded in FHIR: LOINC coding(s), the UCUM unit the profiles expect and the category.
 * {@code fromUnit}/{@code movePointRight} convert the one unit an adapter may deliver instead (height in m, the
 * bodyheight profile wants cm).
 */
record ObservationCode(
        List<Coding> codings,
        String text,
        String ucum,
        ObservationCategory category,
        String fromUnit,
        int movePointRight) {

    static final String LOINC = "http://loinc.org";
    static final String UCUM = "http://unitsofmeasure.org";
    /** ISO/IEEE 11073-10101 (MDC), under the URI FHIR R4 names for it (terminologies-systems). */
    static final String MDC = "urn:iso:std:iso:11073:10101";

    static ObservationCode loinc(String code, String display, String ucum, ObservationCategory category) {
        return new ObservationCode(List.of(new Coding(LOINC, code, display)), display, ucum, category, null, 0);
    }

    /**
     * OHE's own code system, for the few values no standard terminology names yet. Its codes are listed in
     * docs/ARCHITECTURE.md (FHIR mapping); they never change meaning, only new ones are added.
     */
    static final String OHE = "urn:ohe:observation-code";

    /** A code of {@link #OHE}: used only when LOINC (and MDC) has none for the value. */
    static ObservationCode ohe(String code, String display, String ucum, ObservationCategory category) {
        return new ObservationCode(List.of(new Coding(OHE, code, display)), display, ucum, category, null, 0);
    }

    /** An MDC term: {@code referenceId} (e.g. MDC_PULS_RATE) is the display, {@code text} says it in words. */
    static ObservationCode mdc(
            String code, String referenceId, String text, String ucum, ObservationCategory category) {
        return new ObservationCode(List.of(new Coding(MDC, code, referenceId)), text, ucum, category, null, 0);
    }

    ObservationCode alsoCoded(String code, String display) {
        var all = new java.util.ArrayList<>(codings);
        all.add(new Coding(LOINC, code, display));
        return new ObservationCode(List.copyOf(all), text, ucum, category, fromUnit, movePointRight);
    }

    ObservationCode convertingFrom(String unit, int movePointRight) {
        return new ObservationCode(codings, text, ucum, category, unit, movePointRight);
    }

    String primaryCode() {
        return codings.get(0).getCode();
    }

    CodeableConcept toConcept() {
        var concept = new CodeableConcept().setText(text);
        codings.forEach(c -> concept.addCoding(c.copy()));
        return concept;
    }

    /** The value as a UCUM quantity in this code's unit; a value in another unit is kept as delivered. */
    Quantity quantity(BigDecimal value, String unit) {
        if (unit.equals(fromUnit)) {
            return ucum(value.movePointRight(movePointRight), ucum);
        }
        return ucum(value, unit);
    }

    static Quantity ucum(BigDecimal value, String unit) {
        return new Quantity().setValue(value).setUnit(unit).setSystem(UCUM).setCode(unit);
    }
}
