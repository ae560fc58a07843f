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
import java.util.LinkedHashMap;
import java.util.Map;
import org.openhealthexchange.core.spi.OutboundUrlPolicy;

/**
 * The CallDoc → SQLHK task API exactly as the seed documents it (paths, bodies, status codes, error bodies), so the
 * practice's existing scripts work unchanged. Public like the seed's; bodies are read as text and validated here.
 * A REST resource of the CallDoc module: the server's Quarkus REST finds it in this module's Jandex index.
 */
@Path("/api/sync")
@Produces(MediaType.APPLICATION_JSON)
public class CallDocSyncResource {

    /** What a task id can look like: sync_job.external_id is VARCHAR(128); ids are built from [0-9A-Za-z-_]. */
    private static final java.util.regex.Pattern TASK_ID = java.util.regex.Pattern.compile("[0-9A-Za-z_-]{1,128}");

    private final CallDocTasks tasks;
    private final OutboundUrlPolicy outbound;

    CallDocSyncResource(CallDocTasks tasks, OutboundUrlPolicy outbound) {
        this.tasks = tasks;
        this.outbound = outbound;
    }

    @POST
    @Path("patient")
    public Response syncPatient(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, String body)
            throws InterruptedException {
        return start(contentType, body, true);
    }

    @POST
    public Response syncDay(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, String body)
            throws InterruptedException {
        return start(contentType, body, false);
    }

    @GET
    @Path("status/{task_id}")
    public Response status(@PathParam("task_id") String taskId) {
        if (!TASK_ID.matcher(taskId).matches()) {
            // No task can have such an id (they are built from a checked piz, a date and a number): not looked up.
            return json(404, Map.of("error", "Task not found"));
        }
        return tasks.find(taskId)
                .map(t -> json(200, SyncTaskDocuments.status(t)))
                .orElseGet(() -> json(404, Map.of("error", "Task not found")));
    }

    @GET
    @Path("active")
    public Response active() {
        return json(200, SyncTaskDocuments.active(tasks.visible()));
    }

    private Response start(String contentType, String body, boolean singlePatient) throws InterruptedException {
        // Checked here rather than with @Consumes, whose 415 would come in the platform's envelope, not the seed's
        // {"error": ...}. Only JSON: a form or text/plain post is what a browser can send cross-site unasked.
        if (!json(contentType)) {
            return json(415, Map.of("error", "Unsupported Content-Type. Use application/json"));
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
                        Map.of("error", "Invalid webhook_url: " + refusal.get().reason()));
            }
        }
        CallDocTasks.Submitted submitted = tasks.submit(request);
        String taskId = submitted.taskId();
        if (!submitted.accepted()) {
            Map<String, Object> conflict = new LinkedHashMap<>();
            conflict.put(
                    "error",
                    singlePatient
                            ? "Synchronization already running for this patient and date"
                            : "Synchronization already running for this date");
            conflict.put("task_id", taskId);
            return json(409, conflict);
        }
        Map<String, Object> accepted = new LinkedHashMap<>();
        accepted.put("message", singlePatient ? "Single patient synchronization started" : "Synchronization started");
        accepted.put("task_id", taskId);
        if (singlePatient) {
            accepted.put("piz", request.piz());
            accepted.put("date", request.date().toString());
        }
        accepted.put("status_url", "/api/sync/status/" + taskId);
        return json(202, accepted);
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
