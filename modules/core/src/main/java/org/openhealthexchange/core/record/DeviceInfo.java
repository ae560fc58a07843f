package org.openhealthexchange.core.record;

import java.time.Instant;

/** A device that produced data (scale, watch, BP monitor). */
public record DeviceInfo(
        String provider,
        String sourceId,
        String deviceType,
        String model,
        String manufacturer,
        String batteryLevel,
        Instant lastSeen)
        implements HealthRecord {

    @Override
    public DataType type() {
        return DataType.DEVICE;
    }
}
