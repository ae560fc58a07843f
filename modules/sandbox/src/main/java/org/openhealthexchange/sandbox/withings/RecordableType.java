package org.openhealthexchange.sandbox.withings;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The measurements the control endpoint can record: the Withings meastype, the power of ten it is stored with,
 * the device that takes it (null: entered manually) and the notification appli it triggers.
 */
enum RecordableType {
    WEIGHT(1, -3, SimulatedDevice.SCALE, 1),
    HEIGHT(4, -3, null, 1),
    FAT_FREE_MASS(5, -3, SimulatedDevice.SCALE, 1),
    FAT_RATIO(6, -3, SimulatedDevice.SCALE, 1),
    FAT_MASS(8, -3, SimulatedDevice.SCALE, 1),
    DIASTOLIC(9, 0, SimulatedDevice.BLOOD_PRESSURE_MONITOR, 4),
    SYSTOLIC(10, 0, SimulatedDevice.BLOOD_PRESSURE_MONITOR, 4),
    PULSE(11, 0, SimulatedDevice.BLOOD_PRESSURE_MONITOR, 4),
    TEMPERATURE(12, -2, null, 2),
    SPO2(54, 0, SimulatedDevice.WATCH, 4),
    BODY_TEMPERATURE(71, -2, null, 1),
    SKIN_TEMPERATURE(73, -2, SimulatedDevice.WATCH, 1),
    MUSCLE_MASS(76, -3, SimulatedDevice.SCALE, 1),
    HYDRATION(77, -3, SimulatedDevice.SCALE, 1),
    BONE_MASS(88, -3, SimulatedDevice.SCALE, 1);

    private final int meastype;
    private final int unit;
    private final SimulatedDevice device;
    private final int appli;

    RecordableType(int meastype, int unit, SimulatedDevice device, int appli) {
        this.meastype = meastype;
        this.unit = unit;
        this.device = device;
        this.appli = appli;
    }

    int meastype() {
        return meastype;
    }

    int unit() {
        return unit;
    }

    SimulatedDevice device() {
        return device;
    }

    int appli() {
        return appli;
    }

    /** By name ({@code weight}, {@code systolic}, {@code heart_rate} for pulse…) or by meastype number. */
    static Optional<RecordableType> parse(String text) {
        String name = text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        if ("HEART_RATE".equals(name)) {
            name = "PULSE";
        }
        for (RecordableType type : values()) {
            if (type.name().equals(name) || String.valueOf(type.meastype).equals(name)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }

    static String names() {
        return Arrays.toString(values()).toLowerCase(Locale.ROOT);
    }
}
