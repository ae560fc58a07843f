package org.openhealthexchange.core.fhir;

import java.util.Map;
import java.util.Optional;

/** The FHIR R4 vital-signs profiles, by the LOINC code that selects them. */
public final class VitalSignProfiles {

    /** The base profile every vital-sign Observation must meet. */
    public static final String VITAL_SIGNS = "http://hl7.org/fhir/StructureDefinition/vitalsigns";

    private static final String BASE = "http://hl7.org/fhir/StructureDefinition/";

    private static final Map<String, String> BY_LOINC = Map.ofEntries(
            Map.entry("85353-1", BASE + "vitalspanel"),
            Map.entry("9279-1", BASE + "resprate"),
            Map.entry("8867-4", BASE + "heartrate"),
            Map.entry("2708-6", BASE + "oxygensat"),
            Map.entry("59408-5", BASE + "oxygensat"),
            Map.entry("8310-5", BASE + "bodytemp"),
            Map.entry("8302-2", BASE + "bodyheight"),
            Map.entry("9843-4", BASE + "headcircum"),
            Map.entry("29463-7", BASE + "bodyweight"),
            Map.entry("39156-5", BASE + "bmi"),
            Map.entry("85354-9", BASE + "bp"));

    private VitalSignProfiles() {
    }

    /** The specific profile for a LOINC code (e.g. {@code heartrate} for 8867-4), if the code is a vital sign. */
    public static Optional<String> forLoinc(String loincCode) {
        return Optional.ofNullable(BY_LOINC.get(loincCode));
    }
}
