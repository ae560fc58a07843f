package org.openhealthexchange.provider.calldoc.tasks;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

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

    /** Held while a task of this request is active: one per day (full day) and one per patient and day. */
    String uniqueKey() {
        return singlePatient()
                ? "calldoc.patient:" + piz + ":" + date + ":" + appointmentTypeId
                : "calldoc.day:" + date + ":" + appointmentTypeId;
    }

    /** The job's payload: what the caller sent (no patient data beyond the piz the caller named). */
    String payload() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("kind", kind());
        doc.put("piz", piz);
        doc.put("date", date.toString());
        doc.put("appointment_type_id", appointmentTypeId);
        doc.put("webhook_url", webhookUrl);
        return SyncTaskDocuments.toJson(doc);
    }
}
