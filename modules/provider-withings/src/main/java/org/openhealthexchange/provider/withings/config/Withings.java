package org.openhealthexchange.provider.withings.config;

import java.util.EnumSet;
import java.util.Set;
import org.openhealthexchange.core.record.DataType;

/** The identity of the Withings provider: the same id in bean names, config prefix, records and webhook URL. */
public final class Withings {

    public static final String ID = "withings";
    public static final String DISPLAY_NAME = "Withings";

    /** Everything this adapter can deliver; also what an unknown notification category asks to re-fetch. */
    public static final Set<DataType> DATA_TYPES = Set.copyOf(EnumSet.of(
            DataType.WEIGHT,
            DataType.HEIGHT,
            DataType.BODY_FAT,
            DataType.BLOOD_PRESSURE,
            DataType.HEART_RATE,
            DataType.OXYGEN_SATURATION,
            DataType.BODY_TEMPERATURE,
            DataType.ECG,
            DataType.STEPS,
            DataType.ACTIVITY,
            DataType.SLEEP,
            DataType.DEVICE));

    private Withings() {}
}
