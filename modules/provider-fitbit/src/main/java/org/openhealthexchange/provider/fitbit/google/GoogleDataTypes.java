package org.openhealthexchange.provider.fitbit.google;

import java.util.Arrays;
import java.util.Optional;
import org.openhealthexchange.core.record.DataType;

/**
 * The Google Health API data types OHE reads: the kebab-case path segment of {@code users/me/dataTypes/{type}}, the
 * snake_case name used in list filters, the camelCase field of the data point that carries the value, and whether the
 * type is a sample ({@code sampleTime.physicalTime}) or an interval ({@code interval.startTime}).
 */
enum GoogleDataTypes {
    HEART_RATE(DataType.HEART_RATE, "heart-rate", "heartRate", false),
    STEPS(DataType.STEPS, "steps", "steps", true),
    WEIGHT(DataType.WEIGHT, "weight", "weight", false),
    OXYGEN_SATURATION(DataType.OXYGEN_SATURATION, "oxygen-saturation", "oxygenSaturation", false),
    HEART_RATE_VARIABILITY(DataType.HEART_RATE_VARIABILITY, "heart-rate-variability", "heartRateVariability", false),
    SLEEP(DataType.SLEEP, "sleep", "sleep", true);

    /** The list maximum for most types; sleep and exercise allow at most 25 per page. */
    static final int MAX_PAGE_SIZE = 10_000;

    static final int MAX_PAGE_SIZE_SESSIONS = 25;

    private final DataType type;
    private final String kebab;
    private final String field;
    private final boolean interval;

    GoogleDataTypes(DataType type, String kebab, String field, boolean interval) {
        this.type = type;
        this.kebab = kebab;
        this.field = field;
        this.interval = interval;
    }

    DataType type() {
        return type;
    }

    /** Path segment, e.g. {@code heart-rate}. */
    String kebab() {
        return kebab;
    }

    /** Data point member holding the value, e.g. {@code heartRate}. */
    String field() {
        return field;
    }

    /** Filter name, e.g. {@code heart_rate}. */
    String snake() {
        return kebab.replace('-', '_');
    }

    boolean interval() {
        return interval;
    }

    /** The AIP-160 filter selecting points whose time lies in {@code [start, end)}. */
    String filter(java.time.Instant start, java.time.Instant end) {
        String f = snake() + (interval ? ".interval.start_time" : ".sample_time.physical_time");
        return f + " >= \"" + start + "\" AND " + f + " < \"" + end + "\"";
    }

    int maxPageSize() {
        return this == SLEEP ? MAX_PAGE_SIZE_SESSIONS : MAX_PAGE_SIZE;
    }

    static Optional<GoogleDataTypes> of(DataType type) {
        return Arrays.stream(values()).filter(t -> t.type == type).findFirst();
    }

    static Optional<GoogleDataTypes> ofKebab(String kebab) {
        return Arrays.stream(values()).filter(t -> t.kebab.equals(kebab)).findFirst();
    }
}
