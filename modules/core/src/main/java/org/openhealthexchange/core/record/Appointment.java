package org.openhealthexchange.core.record;

import java.time.LocalDateTime;
import java.util.Objects;

/** An appointment in a practice system; {@code patientSourceId} is the practice's patient number. */
public record Appointment(
        String provider,
        String sourceId,
        String patientSourceId,
        LocalDateTime scheduledFor,
        Integer durationMinutes,
        String status,
        String appointmentTypeId,
        String notes,
        String employeeId,
        String roomId) implements HealthRecord {

    public Appointment {
        Objects.requireNonNull(patientSourceId, "patientSourceId");
        Objects.requireNonNull(scheduledFor, "scheduledFor");
    }

    @Override
    public DataType type() {
        return DataType.APPOINTMENT;
    }

    public boolean canceled() {
        return "canceled".equalsIgnoreCase(status) || "cancelled".equalsIgnoreCase(status);
    }
}
