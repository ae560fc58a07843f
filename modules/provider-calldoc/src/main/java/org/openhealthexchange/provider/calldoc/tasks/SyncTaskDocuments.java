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
import java.util.List;
import org.openhealthexchange.provider.calldoc.tasks.CallDocTaskBodies.ActiveTask;
import org.openhealthexchange.provider.calldoc.tasks.CallDocTaskBodies.ActiveTasks;
import org.openhealthexchange.provider.calldoc.tasks.CallDocTaskBodies.DayTaskStatus;
import org.openhealthexchange.provider.calldoc.tasks.CallDocTaskBodies.PatientTaskStatus;
import org.openhealthexchange.provider.calldoc.tasks.CallDocTaskBodies.TaskStatus;

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

    /** {@code GET /api/sync/status/{task_id}}: the full-day or the single-patient document. */
    static TaskStatus status(SyncTask task) {
        if (task.singlePatient()) {
            return new PatientTaskStatus(
                    task.taskId(),
                    task.status(),
                    task.piz(),
                    task.date().toString(),
                    task.appointmentTypeId(),
                    time(task.startTime()),
                    time(task.endTime()),
                    duration(task.startTime(), task.endTime()),
                    json(task.result()),
                    task.errorText());
        }
        return new DayTaskStatus(
                task.taskId(),
                task.status(),
                task.date().toString(),
                task.appointmentTypeId(),
                time(task.startTime()),
                time(task.endTime()),
                duration(task.startTime(), task.endTime()),
                task.processed() == null ? 0 : task.processed(),
                task.total(),
                json(task.result()),
                task.errorText());
    }

    /**
     * The body of a completion callback. With {@code patientData} it is the status document. Without (the default) it
     * is the status document less what the caller did not send and that can identify or describe the patient: in
     * {@code result.patient} only {@code found} stays (no {@code name}, {@code vorname}, {@code geburtsdatum});
     * {@code result.stats.errors} becomes {@code result.stats.error_count}; a failure's own text (CallDoc's or a
     * sink's, which can quote record values) is replaced by a pointer to the status endpoint, while OHE's own
     * messages ({@code Timeout: …}, {@code Interrupted: …}) stay.
     */
    static TaskStatus callback(SyncTask task, boolean patientData) {
        TaskStatus doc = status(task);
        if (patientData) {
            return doc;
        }
        return doc.with(
                summary(json(task.result())),
                task.failureDetail() != null
                        ? "Task failed; the reason is in GET /api/sync/status/" + task.taskId()
                        : task.error());
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

    /** One entry of {@code GET /api/sync/active}: {@code piz} only for a single patient, {@code end_time} once ended. */
    static ActiveTask activeEntry(SyncTask task) {
        return new ActiveTask(
                task.taskId(),
                task.status(),
                task.singlePatient() ? task.piz() : null,
                task.date().toString(),
                task.appointmentTypeId(),
                time(task.startTime()),
                time(task.endTime()));
    }

    static ActiveTasks active(List<SyncTask> tasks) {
        return new ActiveTasks(
                tasks.size(), tasks.stream().map(SyncTaskDocuments::activeEntry).toList());
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
