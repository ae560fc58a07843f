package org.openhealthexchange.provider.fitbit.config;

import java.util.Map;
import java.util.Set;
import org.openhealthexchange.core.record.DataType;

/**
 * Constants both Fitbit API generations share: the provider id, what it delivers, and the metric names (identifier
 * kinds) of the records it emits, so that a Google Health sync and a legacy sync of the same data map alike.
 */
public final class Fitbit {

    public static final String ID = "fitbit";
    public static final String DISPLAY_NAME = "Fitbit";

    /** Generation names as configured in {@code ohe.provider.fitbit.api-generation}. */
    public static final String GOOGLE_HEALTH = "google-health";

    public static final String LEGACY = "legacy";

    /** Measurement metrics (see the core mapper's LOINC table). */
    public static final String METRIC_STEPS_DAILY = "steps_daily"; // 41950-7, /d

    public static final String METRIC_WEIGHT = "weight"; // 29463-7, emitted in g, mapped to kg
    public static final String METRIC_SPO2 = "oxygen_saturation"; // 2708-6, %
    /** RMSSD, the HRV Fitbit computes (legacy {@code dailyRmssd}, Google Health's own measure). */
    public static final String METRIC_HRV_RMSSD = "hrv_rmssd"; // OHE code hrv-rmssd (no LOINC), ms
    /** SDNN, which only the Google Health API reports, and only sometimes. */
    public static final String METRIC_HRV_SDNN = "hrv_sdnn"; // 80404-7, ms

    public static final String METRIC_SLEEP = "sleep_duration"; // 93832-4, h

    public static final Set<DataType> DATA_TYPES = Set.of(
            DataType.HEART_RATE,
            DataType.STEPS,
            DataType.WEIGHT,
            DataType.OXYGEN_SATURATION,
            DataType.HEART_RATE_VARIABILITY,
            DataType.SLEEP,
            DataType.DEVICE);

    /** Identifier kinds per data type: series use the type code, measurements their metric. */
    public static final Map<DataType, Set<String>> RECORD_KINDS = Map.of(
            DataType.HEART_RATE, Set.of(DataType.HEART_RATE.code()),
            DataType.STEPS, Set.of(DataType.STEPS.code(), METRIC_STEPS_DAILY),
            DataType.WEIGHT, Set.of(METRIC_WEIGHT),
            DataType.OXYGEN_SATURATION, Set.of(METRIC_SPO2),
            DataType.HEART_RATE_VARIABILITY, Set.of(METRIC_HRV_RMSSD, METRIC_HRV_SDNN),
            DataType.SLEEP, Set.of(METRIC_SLEEP),
            DataType.DEVICE, Set.of(DataType.DEVICE.code()));

    private static final Set<String> NOT_CONSENTED = Set.of("403", "insufficient_scope", "insufficient_permissions");
    private static final System.Logger LOG = System.getLogger(Fitbit.class.getName());

    private Fitbit() {}

    /**
     * Whether the vendor refused one data type because the user did not grant its scope (403): both APIs let the
     * user untick scopes at consent. Such a type is skipped, so the types the user did grant still sync.
     */
    public static boolean notConsented(org.openhealthexchange.core.spi.ProviderException e) {
        return e.kind() == org.openhealthexchange.core.spi.ProviderException.Kind.REJECTED
                && e.vendorCode().map(NOT_CONSENTED::contains).orElse(false);
    }

    /** Logs a skipped type once per fetch (no user data in the message). */
    public static void logSkipped(DataType type, String generation) {
        LOG.log(
                System.Logger.Level.INFO,
                "Fitbit (" + generation + ") refused " + type.code() + ": the user did not grant its scope; skipped");
    }
}
