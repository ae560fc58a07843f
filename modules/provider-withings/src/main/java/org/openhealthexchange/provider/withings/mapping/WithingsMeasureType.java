package org.openhealthexchange.provider.withings.mapping;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.openhealthexchange.core.record.DataType;

/**
 * The Withings {@code meastype} codes OHE understands, with the platform type, metric name and UCUM unit each
 * becomes. Codes not listed here (muscle mass, PWV, VO2max, ...) are skipped rather than guessed at.
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
    TEMPERATURE(12, DataType.BODY_TEMPERATURE, "temperature", "Cel"),
    SPO2(54, DataType.OXYGEN_SATURATION, "oxygen_saturation", "%"),
    BODY_TEMPERATURE(71, DataType.BODY_TEMPERATURE, "body_temperature", "Cel");

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
