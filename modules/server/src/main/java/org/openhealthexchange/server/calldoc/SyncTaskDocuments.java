package org.openhealthexchange.server.calldoc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The seed's JSON documents for a task: the status document and the entries of {@code /api/sync/active}. Pure. */
final class SyncTaskDocuments {

    static final ObjectMapper JSON = new ObjectMapper();
    /** The seed's clients see Python's {@code isoformat()} of UTC times, to the second. */
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss")
            .withZone(ZoneOffset.UTC);

    private SyncTaskDocuments() {
    }

    /** {@code GET /api/sync/status/{task_id}}. */
    static Map<String, Object> status(SyncTask task) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("task_id", task.taskId());
        doc.put("status", task.status());
        if (task.singlePatient()) {
            doc.put("piz", task.piz());
        }
        doc.put("date", task.date().toString());
        doc.put("appointment_type_id", task.appointmentTypeId());
        doc.put("start_time", time(task.startTime()));
        doc.put("end_time", time(task.endTime()));
        doc.put("duration_seconds", duration(task.startTime(), task.endTime()));
        if (!task.singlePatient()) {
            doc.put("processed", task.processed() == null ? 0 : task.processed());
            doc.put("total", task.total());
        }
        doc.put("result", json(task.result()));
        doc.put("error", task.error());
        return doc;
    }

    /** One entry of {@code GET /api/sync/active}. */
    static Map<String, Object> activeEntry(SyncTask task) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("task_id", task.taskId());
        doc.put("status", task.status());
        if (task.singlePatient()) {
            doc.put("piz", task.piz());
        }
        doc.put("date", task.date().toString());
        doc.put("appointment_type_id", task.appointmentTypeId());
        doc.put("start_time", time(task.startTime()));
        if (task.endTime() != null) {
            doc.put("end_time", time(task.endTime()));
        }
        return doc;
    }

    static Map<String, Object> active(List<SyncTask> tasks) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("count", tasks.size());
        doc.put("tasks", tasks.stream().map(SyncTaskDocuments::activeEntry).toList());
        return doc;
    }

    static String time(Instant instant) {
        return instant == null ? null : TIME.format(instant);
    }

    static BigDecimal duration(Instant start, Instant end) {
        if (start == null || end == null) {
            return null;
        }
        return BigDecimal.valueOf(Duration.between(start, end).toMillis()).divide(BigDecimal.valueOf(1000), 2,
                RoundingMode.HALF_UP);
    }

    private static JsonNode json(String text) {
        if (text == null) {
            return null;
        }
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored result is not JSON", e);
        }
    }

    static String toJson(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
