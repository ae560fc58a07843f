package org.openhealthexchange.core.record;

import java.time.Instant;
import java.util.Objects;

/**
 * An appointment in a practice system; {@code patientSourceId} is the practice's patient number. {@code scheduledFor}
 * is the exact instant the appointment starts: a sink that needs the practice's wall-clock time (SQLHK) converts it
 * in its own configured zone, so no zone is implied anywhere between the vendor and the sinks.
 */
public record Appointment(
        String provider,
        String sourceId,
        String patientSourceId,
        Instant scheduledFor,
        Integer durationMinutes,
        String status,
        String appointmentTypeId,
        String notes,
        String employeeId,
        String roomId)
        implements HealthRecord {

    public Appointment {
        Objects.requireNonNull(patientSourceId, "patientSourceId");
        Objects.requireNonNull(scheduledFor, "scheduledFor");
    }

    @Override
    public DataType type() {
        return DataType.APPOINTMENT;
    }

    /** Whether the practice called it off; adapters still pass such appointments on, so sinks learn of it. */
    public boolean canceled() {
        String s = status == null ? "" : status.trim();
        return "canceled".equalsIgnoreCase(s) || "cancelled".equalsIgnoreCase(s);
    }
}
