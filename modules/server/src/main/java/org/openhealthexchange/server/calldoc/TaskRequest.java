package org.openhealthexchange.server.calldoc;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * A validated sync request: one patient ({@code piz} set) or a full day, of one appointment type, with an optional
 * completion callback.
 */
record TaskRequest(String piz, LocalDate date, int appointmentTypeId, String webhookUrl) {

    private static final DateTimeFormatter TASK_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");

    boolean singlePatient() {
        return piz != null;
    }

    String kind() {
        return singlePatient() ? "patient" : "day";
    }

    /** The seed's ids: {@code patient_sync_{piz}_{date}_{type}_{ts}} and {@code sync_{date}_{type}_{ts}} (UTC). */
    String taskId(LocalDateTime nowUtc) {
        String tail = date + "_" + appointmentTypeId + "_" + TASK_TIME.format(nowUtc);
        return singlePatient() ? "patient_sync_" + piz + "_" + tail : "sync_" + tail;
    }
}
