package org.openhealthexchange.server.calldoc;

import java.time.Instant;
import java.time.LocalDate;

/**
 * One row of {@code calldoc_sync_task}, opened: {@code result} is the JSON text of the seed's {@code result} object.
 * {@code error} is a message OHE composed itself (timeout, interrupted), free of record data; {@code failureDetail} is
 * the text of a failure (CallDoc's or a sink's), which can quote record values and is stored encrypted.
 */
record SyncTask(
        String taskId,
        String kind,
        String piz,
        LocalDate date,
        int appointmentTypeId,
        String status,
        String webhookUrl,
        Instant createdAt,
        Instant startTime,
        Instant endTime,
        Instant deadline,
        String lockedBy,
        Instant lockedUntil,
        Integer processed,
        Integer total,
        String result,
        String error,
        String failureDetail) {

    boolean singlePatient() {
        return "patient".equals(kind);
    }

    boolean ended() {
        return "completed".equals(status) || "failed".equals(status);
    }

    /** The seed's {@code error}: the failure's own text when there is one. */
    String errorText() {
        return failureDetail != null ? failureDetail : error;
    }
}
