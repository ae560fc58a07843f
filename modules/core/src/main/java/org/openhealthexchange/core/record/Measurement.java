package org.openhealthexchange.core.record;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * One measured value at one instant, in a UCUM unit. Values taken together (a blood pressure reading)
 * share a {@code groupId} so a mapper can put them into one resource.
 */
public record Measurement(
        String provider,
        String sourceId,
        DataType type,
        String metric,
        BigDecimal value,
        String ucumUnit,
        Instant effective,
        String groupId,
        String deviceId)
        implements HealthRecord {

    public Measurement {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(sourceId, "sourceId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(ucumUnit, "ucumUnit");
        Objects.requireNonNull(effective, "effective");
        metric = metric == null ? type.code() : metric;
    }
}
