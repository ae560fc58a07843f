package org.openhealthexchange.server.health;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.openhealthexchange.server.jobs.JobQueueService;
import org.openhealthexchange.server.jobs.JobStatus;

/**
 * {@code GET /health} in the shape of the practice task API's seed ({@code status, timestamp, active_syncs}: running
 * jobs, the task API's tasks included, since they are jobs too); 503 when not ready.
 */
@Path("/health")
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
    public Response health() {
        boolean healthy = probes.database().healthy() && probes.redis().healthy();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", healthy ? "healthy" : "unhealthy");
        body.put("timestamp", LocalDateTime.now(ZoneOffset.UTC).format(SEED_TIME));
        body.put("active_syncs", healthy ? jobs.queue().count(null, JobStatus.RUNNING) : 0);
        return Response.status(healthy ? 200 : 503).entity(body).build();
    }
}
