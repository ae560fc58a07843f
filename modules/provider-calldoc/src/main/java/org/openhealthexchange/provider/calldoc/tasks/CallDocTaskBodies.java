package org.openhealthexchange.provider.calldoc.tasks;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The JSON bodies of the CallDoc task API ({@code /api/sync/*}) and of its callbacks, exactly as the seed
 * ({@code calldoc-sqlhk-sync-api.md}) shows them: names, order, and which fields are absent or {@code null}. Every
 * name is explicit ({@code @JsonProperty}), so the server's {@code SNAKE_CASE} strategy and a plain {@code
 * ObjectMapper} write the same bytes. Where the seed's shape differs between a full day and a single patient there
 * are two records. These are the seed's bodies, not the server's error envelope.
 */
public final class CallDocTaskBodies {

    private CallDocTaskBodies() {}

    static final String TIME_DESCRIPTION = "UTC, Python isoformat() to the second (yyyy-MM-ddTHH:mm:ss)";

    // ---- requests (read as text and validated by TaskRequestParser; these records document them)

    @Schema(
            name = "CallDocPatientSyncRequest",
            requiredProperties = {"piz", "date"},
            description = "Body of POST /api/sync/patient.")
    @JsonPropertyOrder({"piz", "date", "appointment_type_id", "webhook_url"})
    public record PatientSyncRequest(
            @Schema(
                            required = true,
                            description = "The patient's M1Ziffer ([0-9A-Za-z-], 1 to 32; a number is accepted)",
                            examples = "1698369")
                    @JsonProperty("piz")
                    String piz,
            @Schema(required = true, format = "date", description = "YYYY-MM-DD", examples = "2025-10-06")
                    @JsonProperty("date")
                    String date,
            @Schema(
                            description = "Default 24 (Herzkatheter); a string holding an integer is accepted",
                            defaultValue = "24",
                            examples = "24")
                    @JsonProperty("appointment_type_id")
                    Integer appointmentTypeId,
            @Schema(
                            description = "Optional completion callback: absolute https URL (http only where allowed),"
                                    + " at most 2048 characters, checked against the outbound policy",
                            maxLength = 2048,
                            nullable = true)
                    @JsonProperty("webhook_url")
                    String webhookUrl) {}

    @Schema(
            name = "CallDocDaySyncRequest",
            requiredProperties = {"date"},
            description = "Body of POST /api/sync.")
    @JsonPropertyOrder({"date", "appointment_type_id", "webhook_url"})
    public record DaySyncRequest(
            @Schema(required = true, format = "date", description = "YYYY-MM-DD", examples = "2025-10-06")
                    @JsonProperty("date")
                    String date,
            @Schema(
                            description = "Default 24 (Herzkatheter); a string holding an integer is accepted",
                            defaultValue = "24",
                            examples = "24")
                    @JsonProperty("appointment_type_id")
                    Integer appointmentTypeId,
            @Schema(
                            description = "Optional completion callback: absolute https URL (http only where allowed),"
                                    + " at most 2048 characters, checked against the outbound policy",
                            maxLength = 2048,
                            nullable = true)
                    @JsonProperty("webhook_url")
                    String webhookUrl) {}

    // ---- 202

    @Schema(
            name = "CallDocPatientSyncAccepted",
            requiredProperties = {"message", "task_id", "piz", "date", "status_url"},
            description = "202 of POST /api/sync/patient.")
    @JsonPropertyOrder({"message", "task_id", "piz", "date", "status_url"})
    public record PatientSyncAccepted(
            @Schema(examples = "Single patient synchronization started") @JsonProperty("message") String message,
            @Schema(
                            description = "patient_sync_{piz}_{date}_{type}_{yyyyMMddHHmmss} (UTC)",
                            examples = "patient_sync_1698369_2025-10-06_24_20251004120000")
                    @JsonProperty("task_id")
                    String taskId,
            @JsonProperty("piz") String piz,
            @Schema(format = "date") @JsonProperty("date") String date,
            @Schema(examples = "/api/sync/status/patient_sync_1698369_2025-10-06_24_20251004120000")
                    @JsonProperty("status_url")
                    String statusUrl) {

        static PatientSyncAccepted of(String taskId, TaskRequest request) {
            return new PatientSyncAccepted(
                    "Single patient synchronization started",
                    taskId,
                    request.piz(),
                    request.date().toString(),
                    statusPath(taskId));
        }
    }

    @Schema(
            name = "CallDocDaySyncAccepted",
            requiredProperties = {"message", "task_id", "status_url"},
            description = "202 of POST /api/sync.")
    @JsonPropertyOrder({"message", "task_id", "status_url"})
    public record DaySyncAccepted(
            @Schema(examples = "Synchronization started") @JsonProperty("message") String message,
            @Schema(
                            description = "sync_{date}_{type}_{yyyyMMddHHmmss} (UTC)",
                            examples = "sync_2025-10-06_24_20251004120000")
                    @JsonProperty("task_id")
                    String taskId,
            @Schema(examples = "/api/sync/status/sync_2025-10-06_24_20251004120000") @JsonProperty("status_url")
                    String statusUrl) {

        static DaySyncAccepted of(String taskId) {
            return new DaySyncAccepted("Synchronization started", taskId, statusPath(taskId));
        }
    }

    static String statusPath(String taskId) {
        return "/api/sync/status/" + taskId;
    }

    // ---- errors (the seed's, not the server's envelope)

    @Schema(
            name = "CallDocTaskError",
            requiredProperties = {"error"},
            description = "The seed's error body (400, 404, 415). `example` only with `Missing required fields`.")
    @JsonPropertyOrder({"error", "example"})
    public record TaskError(
            @Schema(examples = "Missing required fields: date, piz") @JsonProperty("error") String error,
            @Schema(description = "A valid body; present only when required fields are missing")
                    @JsonProperty("example")
                    @JsonInclude(JsonInclude.Include.NON_NULL)
                    RequestExample example) {

        TaskError(String error) {
            this(error, null);
        }
    }

    @Schema(
            name = "CallDocRequestExample",
            requiredProperties = {"date", "appointment_type_id"},
            description = "The example body a `Missing required fields` error shows.")
    @JsonPropertyOrder({"date", "piz", "appointment_type_id"})
    public record RequestExample(
            @Schema(examples = "2025-08-20") @JsonProperty("date") String date,
            @Schema(description = "single patient only", examples = "12345")
                    @JsonProperty("piz")
                    @JsonInclude(JsonInclude.Include.NON_NULL)
                    String piz,
            @Schema(examples = "24") @JsonProperty("appointment_type_id") int appointmentTypeId) {}

    @Schema(
            name = "CallDocTaskConflict",
            requiredProperties = {"error", "task_id"},
            description = "409: a task for the same day (or piz and day) is active.")
    @JsonPropertyOrder({"error", "task_id"})
    public record TaskConflict(
            @Schema(examples = "Synchronization already running for this date") @JsonProperty("error") String error,
            @Schema(description = "The active task's id") @JsonProperty("task_id") String taskId) {}

    // ---- status

    /** A status document: {@link DayTaskStatus} or {@link PatientTaskStatus}. */
    public sealed interface TaskStatus permits DayTaskStatus, PatientTaskStatus {
        String error();

        /** The same document with another {@code result} and {@code error} (a callback's summary). */
        TaskStatus with(JsonNode result, String error);
    }

    @Schema(
            name = "CallDocDayTaskStatus",
            requiredProperties = {
                "task_id",
                "status",
                "date",
                "appointment_type_id",
                "start_time",
                "end_time",
                "duration_seconds",
                "processed",
                "total",
                "result",
                "error"
            },
            description = "200 of GET /api/sync/status/{task_id} for a full-day task.")
    @JsonPropertyOrder({
        "task_id",
        "status",
        "date",
        "appointment_type_id",
        "start_time",
        "end_time",
        "duration_seconds",
        "processed",
        "total",
        "result",
        "error"
    })
    public record DayTaskStatus(
            @Schema(examples = "sync_2025-10-06_24_20251004120000") @JsonProperty("task_id") String taskId,
            @Schema(enumeration = {"pending", "running", "completed", "failed"}) @JsonProperty("status") String status,
            @Schema(format = "date") @JsonProperty("date") String date,
            @JsonProperty("appointment_type_id") int appointmentTypeId,
            @Schema(nullable = true, description = TIME_DESCRIPTION) @JsonProperty("start_time") String startTime,
            @Schema(nullable = true, description = TIME_DESCRIPTION) @JsonProperty("end_time") String endTime,
            @Schema(nullable = true, description = "two decimals; null until ended") @JsonProperty("duration_seconds")
                    BigDecimal durationSeconds,
            @Schema(description = "appointments processed so far") @JsonProperty("processed") int processed,
            @Schema(nullable = true, description = "appointments of the day; null until counted") @JsonProperty("total")
                    Integer total,
            @Schema(implementation = DayResult.class, nullable = true, description = "null until ended")
                    @JsonProperty("result")
                    JsonNode result,
            @Schema(nullable = true) @JsonProperty("error") String error)
            implements TaskStatus {

        @Override
        public DayTaskStatus with(JsonNode otherResult, String otherError) {
            return new DayTaskStatus(
                    taskId,
                    status,
                    date,
                    appointmentTypeId,
                    startTime,
                    endTime,
                    durationSeconds,
                    processed,
                    total,
                    otherResult,
                    otherError);
        }
    }

    @Schema(
            name = "CallDocPatientTaskStatus",
            requiredProperties = {
                "task_id",
                "status",
                "piz",
                "date",
                "appointment_type_id",
                "start_time",
                "end_time",
                "duration_seconds",
                "result",
                "error"
            },
            description = "200 of GET /api/sync/status/{task_id} for a single-patient task.")
    @JsonPropertyOrder({
        "task_id",
        "status",
        "piz",
        "date",
        "appointment_type_id",
        "start_time",
        "end_time",
        "duration_seconds",
        "result",
        "error"
    })
    public record PatientTaskStatus(
            @Schema(examples = "patient_sync_1698369_2025-10-06_24_20251004120000") @JsonProperty("task_id")
                    String taskId,
            @Schema(enumeration = {"pending", "running", "completed", "failed"}) @JsonProperty("status") String status,
            @JsonProperty("piz") String piz,
            @Schema(format = "date") @JsonProperty("date") String date,
            @JsonProperty("appointment_type_id") int appointmentTypeId,
            @Schema(nullable = true, description = TIME_DESCRIPTION) @JsonProperty("start_time") String startTime,
            @Schema(nullable = true, description = TIME_DESCRIPTION) @JsonProperty("end_time") String endTime,
            @Schema(nullable = true, description = "two decimals; null until ended") @JsonProperty("duration_seconds")
                    BigDecimal durationSeconds,
            @Schema(implementation = PatientResult.class, nullable = true, description = "null until ended")
                    @JsonProperty("result")
                    JsonNode result,
            @Schema(nullable = true) @JsonProperty("error") String error)
            implements TaskStatus {

        @Override
        public PatientTaskStatus with(JsonNode otherResult, String otherError) {
            return new PatientTaskStatus(
                    taskId,
                    status,
                    piz,
                    date,
                    appointmentTypeId,
                    startTime,
                    endTime,
                    durationSeconds,
                    otherResult,
                    otherError);
        }
    }

    // ---- results (what a task stores and its status shows as `result`)

    /** A task's {@code result}: {@link DayResult} or {@link PatientResult}. */
    public sealed interface TaskResult permits DayResult, PatientResult {}

    @Schema(
            name = "CallDocDayResult",
            requiredProperties = {"success", "message", "execution_time_ms", "stats"},
            description = "`result` of a full-day task.")
    @JsonPropertyOrder({"success", "message", "execution_time_ms", "stats"})
    public record DayResult(
            @JsonProperty("success") boolean success,
            @Schema(examples = "Tagessynchronisation abgeschlossen: 3 neu, 0 aktualisiert, 1 unverändert")
                    @JsonProperty("message")
                    String message,
            @JsonProperty("execution_time_ms") long executionTimeMs,
            @JsonProperty("stats") DayStats stats)
            implements TaskResult {}

    @Schema(
            name = "CallDocDayStats",
            requiredProperties = {
                "appointments_found",
                "appointments_synced",
                "canceled_skipped",
                "created",
                "updated",
                "already_exists",
                "errors"
            })
    @JsonPropertyOrder({
        "appointments_found",
        "appointments_synced",
        "canceled_skipped",
        "created",
        "updated",
        "already_exists",
        "errors"
    })
    public record DayStats(
            @JsonProperty("appointments_found") int appointmentsFound,
            @JsonProperty("appointments_synced") int appointmentsSynced,
            @JsonProperty("canceled_skipped") int canceledSkipped,
            @JsonProperty("created") int created,
            @JsonProperty("updated") int updated,
            @JsonProperty("already_exists") int alreadyExists,
            @JsonProperty("errors") List<String> errors) {}

    @Schema(
            name = "CallDocPatientResult",
            requiredProperties = {"success", "message", "execution_time_ms", "patient", "stats", "sqlhk_sync"},
            description = "`result` of a single-patient task.")
    @JsonPropertyOrder({"success", "message", "execution_time_ms", "patient", "stats", "sqlhk_sync"})
    public record PatientResult(
            @JsonProperty("success") boolean success,
            @Schema(examples = "Single-Patient erfolgreich synchronisiert") @JsonProperty("message") String message,
            @JsonProperty("execution_time_ms") long executionTimeMs,
            @JsonProperty("patient") PatientSummary patient,
            @JsonProperty("stats") PatientStats stats,
            @Schema(
                            implementation = SqlhkSync.class,
                            nullable = true,
                            description = "null when nothing was written to SQLHK")
                    @JsonProperty("sqlhk_sync")
                    SqlhkSync sqlhkSync)
            implements TaskResult {}

    @Schema(
            name = "CallDocPatientSummary",
            requiredProperties = {"found", "name", "vorname", "geburtsdatum"})
    @JsonPropertyOrder({"found", "name", "vorname", "geburtsdatum"})
    public record PatientSummary(
            @JsonProperty("found") boolean found,
            @Schema(nullable = true) @JsonProperty("name") String name,
            @Schema(nullable = true) @JsonProperty("vorname") String vorname,
            @Schema(nullable = true, description = "dd.MM.yyyy") @JsonProperty("geburtsdatum") String geburtsdatum) {}

    @Schema(
            name = "CallDocPatientStats",
            requiredProperties = {"appointments_found", "patient_found", "sqlhk_action", "errors"})
    @JsonPropertyOrder({"appointments_found", "patient_found", "sqlhk_action", "errors"})
    public record PatientStats(
            @JsonProperty("appointments_found") int appointmentsFound,
            @JsonProperty("patient_found") boolean patientFound,
            @Schema(
                            nullable = true,
                            enumeration = {"created", "updated", "already_exists"})
                    @JsonProperty("sqlhk_action")
                    String sqlhkAction,
            @JsonProperty("errors") List<String> errors) {}

    @Schema(
            name = "CallDocSqlhkSync",
            requiredProperties = {"action", "untersuchung_id"})
    @JsonPropertyOrder({"action", "untersuchung_id"})
    public record SqlhkSync(
            @Schema(enumeration = {"created", "updated", "already_exists"}) @JsonProperty("action") String action,
            @JsonProperty("untersuchung_id") int untersuchungId) {}

    // ---- active

    @Schema(
            name = "CallDocActiveTasks",
            requiredProperties = {"count", "tasks"},
            description = "200 of GET /api/sync/active.")
    @JsonPropertyOrder({"count", "tasks"})
    public record ActiveTasks(@JsonProperty("count") int count, @JsonProperty("tasks") List<ActiveTask> tasks) {}

    @Schema(
            name = "CallDocActiveTask",
            requiredProperties = {"task_id", "status", "date", "appointment_type_id", "start_time"},
            description = "One task of GET /api/sync/active: `piz` only for a single patient, `end_time` only once"
                    + " ended.")
    @JsonPropertyOrder({"task_id", "status", "piz", "date", "appointment_type_id", "start_time", "end_time"})
    public record ActiveTask(
            @JsonProperty("task_id") String taskId,
            @Schema(enumeration = {"pending", "running", "completed", "failed"}) @JsonProperty("status") String status,
            @Schema(description = "single-patient tasks only")
                    @JsonProperty("piz")
                    @JsonInclude(JsonInclude.Include.NON_NULL)
                    String piz,
            @Schema(format = "date") @JsonProperty("date") String date,
            @JsonProperty("appointment_type_id") int appointmentTypeId,
            @Schema(nullable = true, description = TIME_DESCRIPTION) @JsonProperty("start_time") String startTime,
            @Schema(description = "present once the task ended; " + TIME_DESCRIPTION)
                    @JsonProperty("end_time")
                    @JsonInclude(JsonInclude.Include.NON_NULL)
                    String endTime) {}
}
