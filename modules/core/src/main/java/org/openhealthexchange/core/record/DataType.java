package org.openhealthexchange.core.record;

import java.util.Arrays;
import java.util.Optional;

/** The kinds of health data OHE moves; {@link #code()} is the wire name used in the API and metrics. */
public enum DataType {
    HEART_RATE("heart_rate"),
    STEPS("steps"),
    RR_INTERVALS("rr_intervals"),
    ECG("ecg"),
    BLOOD_PRESSURE("blood_pressure"),
    WEIGHT("weight"),
    HEIGHT("height"),
    BODY_FAT("body_fat"),
    BODY_TEMPERATURE("body_temperature"),
    OXYGEN_SATURATION("oxygen_saturation"),
    HEART_RATE_VARIABILITY("heart_rate_variability"),
    SLEEP("sleep"),
    ACTIVITY("activity"),
    DEVICE("device"),
    APPOINTMENT("appointment"),
    PATIENT("patient");

    private final String code;

    DataType(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public static Optional<DataType> fromCode(String code) {
        return Arrays.stream(values()).filter(t -> t.code.equals(code)).findFirst();
    }
}
