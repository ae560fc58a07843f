package org.openhealthexchange.core.fhir.mapping;

import static org.openhealthexchange.core.fhir.mapping.ObservationCategory.ACTIVITY;
import static org.openhealthexchange.core.fhir.mapping.ObservationCategory.EXAM;
import static org.openhealthexchange.core.fhir.mapping.ObservationCategory.VITAL_SIGNS;
import static org.openhealthexchange.core.fhir.mapping.ObservationCode.loinc;
import static org.openhealthexchange.core.fhir.mapping.ObservationCode.mdc;
import static org.openhealthexchange.core.fhir.mapping.ObservationCode.ohe;

import java.util.Map;
import java.util.Optional;
import org.openhealthexchange.core.record.DataType;

/**
 * LOINC + UCUM for the measurement metrics the adapters emit and for sampled series. Vital signs use exactly
 * the codes and units of the R4 vital-signs profiles; body composition is {@code exam}; steps and sleep are
 * {@code activity}. HRV is not one of the R4 vital signs (whose unit value set has no {@code ms}), so it is an
 * {@code exam} observation: SDNN under LOINC 80404-7, RMSSD (what Fitbit reports) under OHE's own code, because
 * neither LOINC nor MDC has one for it, and filing RMSSD under the SDNN code would tell the EHR a different number.
 */
final class ObservationCodes {

    static final ObservationCode HEART_RATE = loinc("8867-4", "Heart rate", "/min", VITAL_SIGNS);
    static final ObservationCode SPO2 = loinc("2708-6", "Oxygen saturation in Arterial blood", "%", VITAL_SIGNS)
            .alsoCoded("59408-5", "Oxygen saturation in Arterial blood by Pulse oximetry");
    static final ObservationCode STEPS =
            loinc("55423-8", "Number of steps in unspecified time Pedometer", "{steps}", ACTIVITY);

    static final ObservationCode BP_PANEL =
            loinc("85354-9", "Blood pressure panel with all children optional", "mm[Hg]", VITAL_SIGNS);
    static final ObservationCode SYSTOLIC = loinc("8480-6", "Systolic blood pressure", "mm[Hg]", VITAL_SIGNS);
    static final ObservationCode DIASTOLIC = loinc("8462-4", "Diastolic blood pressure", "mm[Hg]", VITAL_SIGNS);

    /** Metric names of {@code Measurement}s (the type code where an adapter sets none). */
    private static final Map<String, ObservationCode> BY_METRIC = Map.ofEntries(
            Map.entry(
                    "weight", loinc("29463-7", "Body weight", "kg", VITAL_SIGNS).convertingFrom("g", -3)),
            Map.entry(
                    "height", loinc("8302-2", "Body height", "cm", VITAL_SIGNS).convertingFrom("m", 2)),
            Map.entry("bmi", loinc("39156-5", "Body mass index (BMI) [Ratio]", "kg/m2", VITAL_SIGNS)),
            Map.entry("body_temperature", loinc("8310-5", "Body temperature", "Cel", VITAL_SIGNS)),
            // Quantitative, at the skin surface: no vital sign (39106-0 "Temperature of Skin" is a nominal finding).
            Map.entry("skin_temperature", loinc("61008-9", "Body surface temperature", "Cel", EXAM)),
            Map.entry("heart_rate", HEART_RATE),
            Map.entry("oxygen_saturation", SPO2),
            Map.entry("respiratory_rate", loinc("9279-1", "Respiratory rate", "/min", VITAL_SIGNS)),
            Map.entry("fat_ratio", loinc("41982-0", "Percentage of body fat Measured", "%", EXAM)),
            Map.entry("fat_mass", loinc("73708-0", "Body fat [Mass] Calculated", "kg", EXAM)),
            // Fat-free mass is what LOINC calls lean body weight: body weight less body fat.
            Map.entry("fat_free_mass", loinc("91557-9", "Lean body weight", "kg", EXAM)),
            // Scales derive these from impedance and weight, in kg (BIA), as LOINC's mass codes describe.
            Map.entry("muscle_mass", loinc("73964-9", "Body muscle mass Calculated", "kg", EXAM)),
            Map.entry("body_water_mass", loinc("101683-1", "Body water mass", "kg", EXAM)),
            Map.entry("bone_mass", loinc("101685-6", "Body bone mass", "kg", EXAM)),
            Map.entry("steps", STEPS),
            Map.entry("steps_daily", loinc("41950-7", "Number of steps in 24 hour Measured", "/d", ACTIVITY)),
            Map.entry("sleep_duration", loinc("93832-4", "Sleep duration", "h", ACTIVITY)),
            Map.entry(
                    "hrv_sdnn",
                    loinc("80404-7", "R-R interval.standard deviation (Heart rate variability)", "ms", EXAM)),
            Map.entry(
                    "hrv_rmssd",
                    ohe(
                            "hrv-rmssd",
                            "R-R interval.root mean square of successive differences (Heart rate variability, RMSSD)",
                            "ms",
                            EXAM)));

    /**
     * Series ({@code valueSampledData}) of a vital sign are coded in MDC, as the PHD IG codes sample arrays, and carry
     * no LOINC vital-sign coding at all: the HL7 validator picks the vital-sign profile from any such coding in
     * {@code Observation.code}, and R4's heartrate and oxygensat profiles allow only a Quantity value. Steps are no
     * vital sign, so their series keep LOINC 55423-8.
     */
    private static final Map<DataType, ObservationCode> BY_SERIES_TYPE = Map.of(
            // "Rate of blood pulse in an artery", method not specified: wrist wearables measure the pulse optically.
            DataType.HEART_RATE, mdc("149514", "MDC_PULS_RATE", "Pulse rate", "/min", EXAM),
            DataType.OXYGEN_SATURATION,
                    mdc("150456", "MDC_PULS_OXIM_SAT_O2", "Oxygen saturation by pulse oximetry", "%", EXAM),
            DataType.STEPS, STEPS);

    private ObservationCodes() {}

    static Optional<ObservationCode> forMetric(String metric) {
        return Optional.ofNullable(BY_METRIC.get(metric));
    }

    static Optional<ObservationCode> forSeries(DataType type) {
        return Optional.ofNullable(BY_SERIES_TYPE.get(type));
    }
}
