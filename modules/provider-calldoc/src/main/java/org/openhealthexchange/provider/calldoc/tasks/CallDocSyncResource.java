package org.openhealthexchange.provider.calldoc.tasks;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.openhealthexchange.core.spi.OutboundUrlPolicy;
import org.openhealthexchange.provider.calldoc.tasks.CallDocTaskBodies.ActiveTasks;
import org.openhealthexchange.provider.calldoc.tasks.CallDocTaskBodies.DaySyncAccepted;
import org.openhealthexchange.provider.calldoc.tasks.CallDocTaskBodies.DaySyncRequest;
import org.openhealthexchange.provider.calldoc.tasks.CallDocTaskBodies.DayTaskStatus;
import org.openhealthexchange.provider.calldoc.tasks.CallDocTaskBodies.PatientSyncAccepted;
import org.openhealthexchange.provider.calldoc.tasks.CallDocTaskBodies.PatientSyncRequest;
import org.openhealthexchange.provider.calldoc.tasks.CallDocTaskBodies.PatientTaskStatus;
import org.openhealthexchange.provider.calldoc.tasks.CallDocTaskBodies.TaskConflict;
import org.openhealthexchange.provider.calldoc.tasks.CallDocTaskBodies.TaskError;

/**
 * The CallDoc → SQLHK task API exactly as the seed documents it (paths, bodies, status codes, error bodies), so the
 * practice's existing scripts work unchanged. Public like the seed's: no authentication and no rate limit, so the
 * document names no security requirement. Bodies are read as text and validated here; the answers are the records
 * of {@link CallDocTaskBodies}, in the seed's shapes rather than the server's error envelope. A REST resource of the
 * CallDoc module: the server's Quarkus REST (and its OpenAPI document) finds it in this module's Jandex index.
 */
@Path("/api/sync")
@Produces(MediaType.APPLICATION_JSON)
@Tag(
        name = CallDocSyncResource.TAG,
        description = "The CallDoc → SQLHK task API of the seed (calldoc-sqlhk-sync-api.md), unauthenticated as"
                + " there. Answers in the seed's shapes, not the error envelope; only the platform's own checks"
                + " before any endpoint (input limits, body size and time) and an unexpected failure (500) answer in"
                + " the envelope.")
public class CallDocSyncResource {

    static final String TAG = "CallDoc tasks";

    /** What a task id can look like: sync_job.external_id is VARCHAR(128); ids are built from [0-9A-Za-z-_]. */
    private static final Pattern TASK_ID = Pattern.compile("[0-9A-Za-z_-]{1,128}");

    static final String UNSUPPORTED_TYPE = "Unsupported Content-Type. Use application/json";
    static final String NOT_FOUND = "Task not found";

    private static final String INTERNAL_ERROR =
            "Unexpected failure (e.g. the database is unreachable); answered by the platform in its error envelope"
                    + " {error, message, details, timestamp, request_id}, not in the seed's shape";

    private final CallDocTasks tasks;
    private final OutboundUrlPolicy outbound;

    CallDocSyncResource(CallDocTasks tasks, OutboundUrlPolicy outbound) {
        this.tasks = tasks;
        this.outbound = outbound;
    }

    @POST
    @Path("patient")
    @Operation(
            operationId = "submitPatientSync",
            summary = "Start the sync of one patient's appointments of a day",
            description = "Starts a task that reads the patient's appointments of `date` from CallDoc and writes"
                    + " them to SQLHK (and the other CallDoc sinks). Poll `status_url`, or pass `webhook_url` to get"
                    + " a callback when it ended.")
    @RequestBody(
            required = true,
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = PatientSyncRequest.class),
                            examples =
                                    @ExampleObject(
                                            name = "seed",
                                            value = "{\"piz\": \"1698369\", \"date\": \"2025-10-06\","
                                                    + " \"appointment_type_id\": 24}")))
    @APIResponse(
            responseCode = "202",
            description = "Task started",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = PatientSyncAccepted.class),
                            examples =
                                    @ExampleObject(
                                            name = "seed",
                                            value =
                                                    "{\"message\": \"Single patient synchronization started\","
                                                            + " \"task_id\": \"patient_sync_1698369_2025-10-06_24_20251004120000\","
                                                            + " \"piz\": \"1698369\", \"date\": \"2025-10-06\", \"status_url\":"
                                                            + " \"/api/sync/status/patient_sync_1698369_2025-10-06_24_20251004120000\"}")))
    @APIResponse(
            responseCode = "400",
            description = "Invalid body: not a JSON object, required fields missing (with `example`), bad `piz`,"
                    + " `date`, `appointment_type_id` or `webhook_url`",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = TaskError.class),
                            examples = {
                                @ExampleObject(
                                        name = "missing",
                                        value = "{\"error\": \"Missing required fields: date, piz\", \"example\":"
                                                + " {\"date\": \"2025-08-20\", \"piz\": \"12345\","
                                                + " \"appointment_type_id\": 24}}"),
                                @ExampleObject(
                                        name = "date",
                                        value = "{\"error\": \"Invalid date format. Use YYYY-MM-DD\"}")
                            }))
    @APIResponse(
            responseCode = "409",
            description = "A task for this piz and date is pending or running; `task_id` is that task's",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = TaskConflict.class),
                            examples =
                                    @ExampleObject(
                                            name = "running",
                                            value = "{\"error\": \"Synchronization already running for this patient"
                                                    + " and date\", \"task_id\":"
                                                    + " \"patient_sync_1698369_2025-10-06_24_20251004120000\"}")))
    @APIResponse(
            responseCode = "415",
            description = "Content-Type is not application/json (parameters such as charset are fine) or absent",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = TaskError.class),
                            examples =
                                    @ExampleObject(name = "type", value = "{\"error\": \"" + UNSUPPORTED_TYPE + "\"}")))
    @APIResponse(responseCode = "500", description = INTERNAL_ERROR)
    public Response syncPatient(
            @Parameter(hidden = true) @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, String body)
            throws InterruptedException {
        return start(contentType, body, true);
    }

    @POST
    @Operation(
            operationId = "submitDaySync",
            summary = "Start the sync of all appointments of a day",
            description = "Starts a task that reads every appointment of `date` (of the type) from CallDoc and writes"
                    + " them to SQLHK (and the other CallDoc sinks). Poll `status_url` (it shows `processed`/`total`),"
                    + " or pass `webhook_url` to get a callback when it ended.")
    @RequestBody(
            required = true,
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = DaySyncRequest.class),
                            examples =
                                    @ExampleObject(
                                            name = "seed",
                                            value = "{\"date\": \"2025-10-06\", \"appointment_type_id\": 24}")))
    @APIResponse(
            responseCode = "202",
            description = "Task started",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = DaySyncAccepted.class),
                            examples =
                                    @ExampleObject(
                                            name = "seed",
                                            value = "{\"message\": \"Synchronization started\", \"task_id\":"
                                                    + " \"sync_2025-10-06_24_20251004120000\", \"status_url\":"
                                                    + " \"/api/sync/status/sync_2025-10-06_24_20251004120000\"}")))
    @APIResponse(
            responseCode = "400",
            description = "Invalid body: not a JSON object, `date` missing (with `example`), bad `date`,"
                    + " `appointment_type_id` or `webhook_url`",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = TaskError.class),
                            examples = {
                                @ExampleObject(
                                        name = "missing",
                                        value = "{\"error\": \"Missing required fields: date\", \"example\":"
                                                + " {\"date\": \"2025-08-20\", \"appointment_type_id\": 24}}"),
                                @ExampleObject(
                                        name = "webhook",
                                        value = "{\"error\": \"Invalid webhook_url. Use an absolute http(s) URL\"}")
                            }))
    @APIResponse(
            responseCode = "409",
            description = "A task for this date is pending or running; `task_id` is that task's",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = TaskConflict.class),
                            examples =
                                    @ExampleObject(
                                            name = "running",
                                            value = "{\"error\": \"Synchronization already running for this date\","
                                                    + " \"task_id\": \"sync_2025-10-06_24_20251004120000\"}")))
    @APIResponse(
            responseCode = "415",
            description = "Content-Type is not application/json (parameters such as charset are fine) or absent",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = TaskError.class),
                            examples =
                                    @ExampleObject(name = "type", value = "{\"error\": \"" + UNSUPPORTED_TYPE + "\"}")))
    @APIResponse(responseCode = "500", description = INTERNAL_ERROR)
    public Response syncDay(
            @Parameter(hidden = true) @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, String body)
            throws InterruptedException {
        return start(contentType, body, false);
    }

    @GET
    @Path("status/{task_id}")
    @Operation(
            operationId = "getSyncTaskStatus",
            summary = "The status of a task",
            description = "The task's state and, once ended, its `result`. A task is visible until"
                    + " `ohe.provider.calldoc.tasks.retention` (5 min) after it ended, then 404.")
    @APIResponse(
            responseCode = "200",
            description =
                    "The task: a single-patient task (with `piz`) or a full-day task (with" + " `processed`/`total`)",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(oneOf = {PatientTaskStatus.class, DayTaskStatus.class}),
                            examples =
                                    @ExampleObject(
                                            name = "seed",
                                            value =
                                                    "{\"task_id\": \"patient_sync_1698369_2025-10-06_24_20251004120000\","
                                                            + " \"status\": \"completed\", \"piz\": \"1698369\", \"date\":"
                                                            + " \"2025-10-06\", \"appointment_type_id\": 24, \"start_time\":"
                                                            + " \"2025-10-04T12:00:00\", \"end_time\": \"2025-10-04T12:00:03\","
                                                            + " \"duration_seconds\": 3.02, \"result\": {\"success\": true,"
                                                            + " \"message\": \"Single-Patient erfolgreich synchronisiert\","
                                                            + " \"execution_time_ms\": 2913, \"patient\": {\"found\": true,"
                                                            + " \"name\": \"Wippel\", \"vorname\": \"Hermann\", \"geburtsdatum\":"
                                                            + " null}, \"stats\": {\"appointments_found\": 1, \"patient_found\":"
                                                            + " true, \"sqlhk_action\": \"created\", \"errors\": []},"
                                                            + " \"sqlhk_sync\": {\"action\": \"created\", \"untersuchung_id\":"
                                                            + " 20369}}, \"error\": null}")))
    @APIResponse(
            responseCode = "404",
            description = "No such task (unknown, expired, or not of a task id's shape)",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = TaskError.class),
                            examples = @ExampleObject(name = "unknown", value = "{\"error\": \"" + NOT_FOUND + "\"}")))
    @APIResponse(responseCode = "500", description = INTERNAL_ERROR)
    public Response status(
            @Parameter(
                            in = ParameterIn.PATH,
                            description = "The task_id of the 202 answer ([0-9A-Za-z_-], at most 128)",
                            example = "patient_sync_1698369_2025-10-06_24_20251004120000")
                    @PathParam("task_id")
                    String taskId) {
        if (!TASK_ID.matcher(taskId).matches()) {
            // No task can have such an id (they are built from a checked piz, a date and a number): not looked up.
            return json(404, new TaskError(NOT_FOUND));
        }
        return tasks.find(taskId)
                .map(t -> json(200, SyncTaskDocuments.status(t)))
                .orElseGet(() -> json(404, new TaskError(NOT_FOUND)));
    }

    @GET
    @Path("active")
    @Operation(
            operationId = "listActiveSyncTasks",
            summary = "Every task not yet expired",
            description = "Newest first; as in the seed, ended tasks stay listed until they expire.")
    @APIResponse(
            responseCode = "200",
            description = "The tasks",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = ActiveTasks.class),
                            examples =
                                    @ExampleObject(
                                            name = "seed",
                                            value = "{\"count\": 2, \"tasks\": [{\"task_id\":"
                                                    + " \"sync_2025-10-06_24_20251004120000\", \"status\": \"running\","
                                                    + " \"date\": \"2025-10-06\", \"appointment_type_id\": 24,"
                                                    + " \"start_time\": \"2025-10-04T12:00:00\"}, {\"task_id\":"
                                                    + " \"patient_sync_1698369_2025-10-06_24_20251004115959\","
                                                    + " \"status\": \"completed\", \"piz\": \"1698369\", \"date\":"
                                                    + " \"2025-10-06\", \"appointment_type_id\": 24, \"start_time\":"
                                                    + " \"2025-10-04T11:59:59\", \"end_time\":"
                                                    + " \"2025-10-04T12:00:02\"}]}")))
    @APIResponse(responseCode = "500", description = INTERNAL_ERROR)
    public Response active() {
        return json(200, SyncTaskDocuments.active(tasks.visible()));
    }

    private Response start(String contentType, String body, boolean singlePatient) throws InterruptedException {
        // Checked here rather than with @Consumes, whose 415 would come in the platform's envelope, not the seed's
        // {"error": ...}. Only JSON: a form or text/plain post is what a browser can send cross-site unasked.
        if (!json(contentType)) {
            return json(415, new TaskError(UNSUPPORTED_TYPE));
        }
        TaskRequestParser.Parsed parsed = TaskRequestParser.parse(body, singlePatient);
        if (parsed.error() != null) {
            return json(400, parsed.error());
        }
        TaskRequest request = parsed.request();
        if (request.webhookUrl() != null) {
            var refusal = outbound.check(request.webhookUrl());
            if (refusal.isPresent()) {
                return json(
                        400,
                        new TaskError("Invalid webhook_url: " + refusal.get().reason()));
            }
        }
        CallDocTasks.Submitted submitted = tasks.submit(request);
        String taskId = submitted.taskId();
        if (!submitted.accepted()) {
            return json(
                    409,
                    new TaskConflict(
                            singlePatient
                                    ? "Synchronization already running for this patient and date"
                                    : "Synchronization already running for this date",
                            taskId));
        }
        return json(202, singlePatient ? PatientSyncAccepted.of(taskId, request) : DaySyncAccepted.of(taskId));
    }

    private static boolean json(String contentType) {
        try {
            MediaType type = contentType == null ? null : MediaType.valueOf(contentType);
            return type != null
                    && "application".equalsIgnoreCase(type.getType())
                    && "json".equalsIgnoreCase(type.getSubtype());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static Response json(int status, Object body) {
        return Response.status(status)
                .type(MediaType.APPLICATION_JSON)
                .entity(body)
                .build();
    }
}
