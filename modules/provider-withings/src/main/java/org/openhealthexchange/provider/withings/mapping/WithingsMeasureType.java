package org.openhealthexchange.provider.withings.mapping;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.openhealthexchange.core.record.DataType;

/**
 * The Withings {@code meastype} codes OHE understands, with the platform type, metric name and UCUM unit each
 * becomes; every metric here has a FHIR code in the core mapper (a test holds that). Codes not listed (PWV, VO2max,
 * ECG intervals, ...) are skipped by the parser rather than guessed at. Muscle, water and bone mass come in the
 * same scale measure groups (and notifications, appli 1) as body fat, so they ride on {@link DataType#BODY_FAT},
 * the platform's body-composition type.
 */
public enum WithingsMeasureType {
    WEIGHT(1, DataType.WEIGHT, "weight", "kg"),
    HEIGHT(4, DataType.HEIGHT, "height", "m"),
    FAT_FREE_MASS(5, DataType.BODY_FAT, "fat_free_mass", "kg"),
    FAT_RATIO(6, DataType.BODY_FAT, "fat_ratio", "%"),
    FAT_MASS(8, DataType.BODY_FAT, "fat_mass", "kg"),
    DIASTOLIC(9, DataType.BLOOD_PRESSURE, "diastolic", "mm[Hg]"),
    SYSTOLIC(10, DataType.BLOOD_PRESSURE, "systolic", "mm[Hg]"),
    PULSE(11, DataType.HEART_RATE, "heart_rate", "/min"),
    /** "Temperature": a thermometer's reading of the body, the same vital sign as 71. */
    TEMPERATURE(12, DataType.BODY_TEMPERATURE, "body_temperature", "Cel"),
    SPO2(54, DataType.OXYGEN_SATURATION, "oxygen_saturation", "%"),
    BODY_TEMPERATURE(71, DataType.BODY_TEMPERATURE, "body_temperature", "Cel"),
    SKIN_TEMPERATURE(73, DataType.BODY_TEMPERATURE, "skin_temperature", "Cel"),
    MUSCLE_MASS(76, DataType.BODY_FAT, "muscle_mass", "kg"),
    /** "Hydration" is the body's water in kg, not a percentage. */
    HYDRATION(77, DataType.BODY_FAT, "body_water_mass", "kg"),
    BONE_MASS(88, DataType.BODY_FAT, "bone_mass", "kg");

    private final int code;
    private final DataType dataType;
    private final String metric;
    private final String ucumUnit;

    WithingsMeasureType(int code, DataType dataType, String metric, String ucumUnit) {
        this.code = code;
        this.dataType = dataType;
        this.metric = metric;
        this.ucumUnit = ucumUnit;
    }

    public int code() {
        return code;
    }

    public DataType dataType() {
        return dataType;
    }

    public String metric() {
        return metric;
    }

    public String ucumUnit() {
        return ucumUnit;
    }

    public static Optional<WithingsMeasureType> fromCode(long code) {
        return Arrays.stream(values()).filter(t -> t.code == code).findFirst();
    }

    /** The meastype codes to ask {@code getmeas} for, given the requested platform types. */
    public static List<WithingsMeasureType> forTypes(Collection<DataType> types) {
        return Arrays.stream(values()).filter(t -> types.contains(t.dataType)).toList();
    }
}
