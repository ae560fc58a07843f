package org.openhealthexchange.provider.withings.notify;

import java.util.Map;
import java.util.Set;
import org.openhealthexchange.core.record.DataType;
import org.openhealthexchange.provider.withings.config.Withings;

/** What a notification category ({@code appli}) says has changed, as the platform types to re-fetch. */
public final class WithingsAppli {

    /** Withings' notification guide lists body and skin temperature (71, 73) under appli 1 as well as under 2. */
    private static final Map<Integer, Set<DataType>> TYPES = Map.of(
            1, Set.of(DataType.WEIGHT, DataType.HEIGHT, DataType.BODY_FAT, DataType.BODY_TEMPERATURE),
            2, Set.of(DataType.BODY_TEMPERATURE),
            4, Set.of(DataType.BLOOD_PRESSURE, DataType.HEART_RATE, DataType.OXYGEN_SATURATION),
            16, Set.of(DataType.STEPS, DataType.ACTIVITY, DataType.HEART_RATE),
            44, Set.of(DataType.SLEEP),
            46, Set.of(DataType.DEVICE),
            54, Set.of(DataType.ECG));

    private WithingsAppli() {}

    /** The types behind {@code appli}; a category we do not know re-fetches everything rather than miss data. */
    public static Set<DataType> types(int appli) {
        return TYPES.getOrDefault(appli, Withings.DATA_TYPES);
    }
}
