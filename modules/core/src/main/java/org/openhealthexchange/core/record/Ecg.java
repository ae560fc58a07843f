package org.openhealthexchange.core.record;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/** One ECG recording: a single lead sampled at a fixed frequency, in microvolts. */
public record Ecg(
        String provider,
        String sourceId,
        Instant start,
        double samplingFrequencyHz,
        int[] microVolts,
        String lead,
        Integer heartRate,
        String classification,
        String deviceId)
        implements HealthRecord {

    public Ecg {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(microVolts, "microVolts");
        if (samplingFrequencyHz <= 0) {
            throw new IllegalArgumentException("samplingFrequencyHz must be positive");
        }
    }

    @Override
    public DataType type() {
        return DataType.ECG;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Ecg e
                && provider.equals(e.provider)
                && sourceId.equals(e.sourceId)
                && start.equals(e.start)
                && samplingFrequencyHz == e.samplingFrequencyHz
                && Arrays.equals(microVolts, e.microVolts)
                && Objects.equals(lead, e.lead)
                && Objects.equals(heartRate, e.heartRate)
                && Objects.equals(classification, e.classification)
                && Objects.equals(deviceId, e.deviceId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(provider, sourceId, start, samplingFrequencyHz, Arrays.hashCode(microVolts), lead);
    }

    @Override
    public String toString() {
        return "Ecg[" + provider + "/" + sourceId + " " + start + " " + microVolts.length + " samples]";
    }
}
