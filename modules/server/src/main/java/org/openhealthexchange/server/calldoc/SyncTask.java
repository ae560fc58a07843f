package org.openhealthexchange.server.calldoc;

import java.time.Instant;
import java.time.LocalDate;

/** One row of {@code calldoc_sync_task}; {@code result} is the JSON text of the seed's {@code result} object. */
record SyncTask(String taskId, String kind, String piz, LocalDate date, int appointmentTypeId, String status,
        String webhookUrl, Instant createdAt, Instant startTime, Instant endTime, Instant deadline, String lockedBy,
        Integer processed, Integer total, String result, String error) {

    boolean singlePatient() {
        return "patient".equals(kind);
    }

    boolean ended() {
        return "completed".equals(status) || "failed".equals(status);
    }
}
