package org.openhealthexchange.provider.calldoc.tasks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The seed's JSON documents for a task: the status document, the entries of {@code /api/sync/active} and the body of
 * a completion callback. Pure.
 */
final class SyncTaskDocuments {

    static final ObjectMapper JSON = new ObjectMapper();
    /** The seed's clients see Python's {@code isoformat()} of UTC times, to the second. */
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

    private SyncTaskDocuments() {}

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
        doc.put("error", task.errorText());
        return doc;
    }

    /**
     * The body of a completion callback. With {@code patientData} it is the status document. Without (the default) it
     * is the status document less what the caller did not send and that can identify or describe the patient: in
     * {@code result.patient} only {@code found} stays (no {@code name}, {@code vorname}, {@code geburtsdatum});
     * {@code result.stats.errors} becomes {@code result.stats.error_count}; a failure's own text (CallDoc's or a
     * sink's, which can quote record values) is replaced by a pointer to the status endpoint, while OHE's own
     * messages ({@code Timeout: …}, {@code Interrupted: …}) stay.
     */
    static Map<String, Object> callback(SyncTask task, boolean patientData) {
        Map<String, Object> doc = status(task);
        if (patientData) {
            return doc;
        }
        doc.put("result", summary(json(task.result())));
        doc.put(
                "error",
                task.failureDetail() != null
                        ? "Task failed; the reason is in GET /api/sync/status/" + task.taskId()
                        : task.error());
        return doc;
    }

    private static JsonNode summary(JsonNode result) {
        if (!(result instanceof ObjectNode full)) {
            return result;
        }
        ObjectNode out = JSON.createObjectNode();
        full.fields().forEachRemaining(field -> {
            JsonNode value = field.getValue();
            if ("patient".equals(field.getKey()) && value.isObject()) {
                out.putObject("patient").set("found", value.get("found"));
            } else if ("stats".equals(field.getKey()) && value.isObject()) {
                ObjectNode stats = out.putObject("stats");
                value.fields().forEachRemaining(stat -> {
                    if ("errors".equals(stat.getKey())) {
                        stats.put("error_count", stat.getValue().size());
                    } else {
                        stats.set(stat.getKey(), stat.getValue());
                    }
                });
            } else {
                out.set(field.getKey(), value);
            }
        });
        return out;
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
        return BigDecimal.valueOf(Duration.between(start, end).toMillis())
                .divide(BigDecimal.valueOf(1000), 2, RoundingMode.HALF_UP);
    }

    /** A task's stored result: the seed's {@code result} object and a failure's own text, as one document. */
    static String document(String resultJson, String failureDetail) {
        ObjectNode doc = JSON.createObjectNode();
        doc.set("result", resultJson == null ? null : read(resultJson));
        doc.put("error", failureDetail);
        return toJson(doc);
    }

    static JsonNode read(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored task document is not JSON", e);
        }
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
