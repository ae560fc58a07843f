package org.openhealthexchange.sandbox.withings;

import java.time.LocalDate;
import java.time.ZoneId;
import org.openhealthexchange.sandbox.SandboxConfig;

/**
 * Shape and volume of the generated data (see {@link SandboxConfig.Data} for each key).
 *
 * @param historyStart first day with data
 * @param zone the users' time zone
 * @param pageSize rows per page of the paged actions
 * @param ecgIntervalDays an ECG every this many days
 * @param ecgSeconds length of an ECG recording
 * @param ecgSamplingFrequency ECG samples per second
 * @param intradayGapPercent share of intraday minutes without a sample
 */
public record WithingsDataSettings(
        LocalDate historyStart,
        ZoneId zone,
        int pageSize,
        int ecgIntervalDays,
        int ecgSeconds,
        int ecgSamplingFrequency,
        int intradayGapPercent) {

    public WithingsDataSettings {
        if (pageSize < 1 || ecgIntervalDays < 1 || ecgSeconds < 1 || ecgSamplingFrequency < 1) {
            throw new IllegalArgumentException("page size, ECG interval, length and frequency must be positive");
        }
        if (intradayGapPercent < 0 || intradayGapPercent > 100) {
            throw new IllegalArgumentException("intraday gap percentage must be within 0..100");
        }
    }

    /** The settings of the running simulator. */
    public static WithingsDataSettings from(SandboxConfig.Data data) {
        return new WithingsDataSettings(
                data.historyStart(),
                data.timezone(),
                data.pageSize(),
                data.ecgIntervalDays(),
                data.ecgSeconds(),
                data.ecgSamplingFrequency(),
                data.intradayGapPercent());
    }

    /** Epoch second of a local time of day ({@code secondOfDay} from local midnight) on {@code day}. */
    long at(LocalDate day, long secondOfDay) {
        return day.atStartOfDay(zone).toEpochSecond() + secondOfDay;
    }

    /** The local day an epoch second falls on. */
    LocalDate dayOf(long epochSecond) {
        return java.time.Instant.ofEpochSecond(epochSecond).atZone(zone).toLocalDate();
    }

    /** The local day of a caller-supplied epoch second, clamped to 1970..now so any number is safe. */
    LocalDate clampedDayOf(long epochSecond, long now) {
        return dayOf(Math.max(0, Math.min(epochSecond, now)));
    }
}
