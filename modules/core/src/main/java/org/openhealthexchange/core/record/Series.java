package org.openhealthexchange.core.record;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * Evenly spaced samples of one quantity (intraday heart rate, steps per minute). Gaps are {@code NaN}.
 * Becomes one FHIR Observation with {@code valueSampledData}, never one resource per sample.
 */
public record Series(
        String provider,
        String sourceId,
        DataType type,
        Instant start,
        Duration interval,
        double[] samples,
        String ucumUnit,
        String deviceId)
        implements HealthRecord {

    public Series {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(samples, "samples");
        Objects.requireNonNull(ucumUnit, "ucumUnit");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval must be positive");
        }
    }

    public Instant end() {
        return start.plus(interval.multipliedBy(samples.length));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Series s
                && provider.equals(s.provider)
                && sourceId.equals(s.sourceId)
                && type == s.type
                && start.equals(s.start)
                && interval.equals(s.interval)
                && Arrays.equals(samples, s.samples)
                && ucumUnit.equals(s.ucumUnit)
                && Objects.equals(deviceId, s.deviceId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(provider, sourceId, type, start, interval, Arrays.hashCode(samples), ucumUnit, deviceId);
    }

    @Override
    public String toString() {
        return "Series[" + provider + "/" + sourceId + " " + type.code() + " " + start + " x" + samples.length + "]";
    }
}
