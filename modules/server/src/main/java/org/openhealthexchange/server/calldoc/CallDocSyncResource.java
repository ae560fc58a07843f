package org.openhealthexchange.server.calldoc;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The CallDoc → SQLHK task API exactly as the seed documents it (paths, bodies, status codes, error bodies), so the
 * practice's existing scripts work unchanged. Public like the seed's; bodies are read as text and validated here.
 */
@Path("/api/sync")
@Produces(MediaType.APPLICATION_JSON)
public class CallDocSyncResource {

    private final SyncTaskService tasks;

    CallDocSyncResource(SyncTaskService tasks) {
        this.tasks = tasks;
    }

    @POST
    @Path("patient")
    public Response syncPatient(String body) throws SQLException, InterruptedException {
        return start(body, true);
    }

    @POST
    public Response syncDay(String body) throws SQLException, InterruptedException {
        return start(body, false);
    }

    @GET
    @Path("status/{task_id}")
    public Response status(@PathParam("task_id") String taskId) throws SQLException {
        return tasks.find(taskId).map(t -> json(200, SyncTaskDocuments.status(t)))
                .orElseGet(() -> json(404, Map.of("error", "Task not found")));
    }

    @GET
    @Path("active")
    public Response active() throws SQLException {
        return json(200, SyncTaskDocuments.active(tasks.visible()));
    }

    private Response start(String body, boolean singlePatient) throws SQLException, InterruptedException {
        TaskRequestParser.Parsed parsed = TaskRequestParser.parse(body, singlePatient);
        if (parsed.error() != null) {
            return json(400, parsed.error());
        }
        TaskRequest request = parsed.request();
        SyncTaskService.Submission submitted = tasks.submit(request);
        String taskId = submitted.taskId();
        if (!submitted.accepted()) {
            Map<String, Object> conflict = new LinkedHashMap<>();
            conflict.put("error", singlePatient ? "Synchronization already running for this patient and date"
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

    private static Response json(int status, Object body) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(body).build();
    }
}
