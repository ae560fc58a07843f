package org.openhealthexchange.server.health;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.openhealthexchange.server.jobs.JobQueueService;
import org.openhealthexchange.server.jobs.JobStatus;

/**
 * {@code GET /health} in the shape of the practice task API's seed ({@code status, timestamp, active_syncs}: running
 * jobs, the task API's tasks included, since they are jobs too); 503 when not ready.
 */
@Path("/health")
@Tag(name = "Probes")
public class ServiceHealthResource {

    /** The seed's clients get Python's {@code isoformat()}: local time with microseconds and no zone (UTC here). */
    private static final DateTimeFormatter SEED_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS");

    private final ProbeService probes;
    private final JobQueueService jobs;

    ServiceHealthResource(ProbeService probes, JobQueueService jobs) {
        this.probes = probes;
        this.jobs = jobs;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "getServiceHealth", summary = "Health in the CallDoc service's shape (public)")
    @APIResponse(
            responseCode = "200",
            description = "Healthy",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = HealthApi.ServiceHealth.class),
                            examples =
                                    @ExampleObject(
                                            name = "healthy",
                                            value =
                                                    "{\"status\": \"healthy\", \"timestamp\": \"2025-10-04T12:00:00.000000\","
                                                            + " \"active_syncs\": 0}")))
    @APIResponse(
            responseCode = "503",
            description = "The database or Redis is unavailable (active_syncs 0)",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = HealthApi.ServiceHealth.class)))
    public Response health() {
        boolean healthy = probes.database().healthy() && probes.redis().healthy();
        var body = new HealthApi.ServiceHealth(
                healthy ? "healthy" : "unhealthy",
                LocalDateTime.now(ZoneOffset.UTC).format(SEED_TIME),
                healthy ? jobs.queue().count(null, JobStatus.RUNNING) : 0);
        return Response.status(healthy ? 200 : 503).entity(body).build();
    }
}
