package org.openhealthexchange.server.health;

import io.micrometer.prometheus.PrometheusMeterRegistry;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Kubernetes probes and Prometheus metrics in the seed's shapes under {@code /api/metrics/}. */
@Path("/api/metrics")
@Tag(name = "Probes", description = "Health, readiness, liveness and Prometheus metrics (public)")
public class MetricsResource {

    private static final String HEALTHY =
            """
            {"status": "healthy", "timestamp": 1733928600,
             "checks": {"database": {"status": "healthy", "response_time_ms": 2.5},
                        "redis": {"status": "healthy", "response_time_ms": 1.2, "backend": "redis"},
                        "job_queue": {"status": "healthy", "response_time_ms": 1.8, "pending": 0, "running": 0,
                                      "dead": 0, "oldest_ready_seconds": 0.0, "webhook_backlog": 0,
                                      "webhook_quarantined": 0, "worker": "running"}},
             "response_time_ms": 5.5}""";
    private static final String UNHEALTHY =
            """
            {"status": "unhealthy", "timestamp": 1733928600,
             "checks": {"database": {"status": "healthy", "response_time_ms": 2.5},
                        "redis": {"status": "unhealthy", "error": "Connection refused"},
                        "job_queue": {"status": "healthy", "response_time_ms": 1.8, "pending": 0, "running": 0,
                                      "dead": 0, "oldest_ready_seconds": 0.0, "webhook_backlog": 0,
                                      "webhook_quarantined": 0, "worker": "running"}},
             "response_time_ms": 10.2}""";

    private final ProbeService probes;
    private final PrometheusMeterRegistry prometheus;

    MetricsResource(ProbeService probes, PrometheusMeterRegistry prometheus) {
        this.probes = probes;
        this.prometheus = prometheus;
    }

    @GET
    @Path("health")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "getHealth", summary = "Every dependency check, timed")
    @APIResponse(
            responseCode = "200",
            description = "All checks passed",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = HealthApi.HealthReport.class),
                            examples = @ExampleObject(name = "healthy", value = HEALTHY)))
    @APIResponse(
            responseCode = "503",
            description = "A check failed; failing checks carry error",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = HealthApi.HealthReport.class),
                            examples = @ExampleObject(name = "redis down", value = UNHEALTHY)))
    public Response health() {
        long start = System.nanoTime();
        var database = probes.database();
        var redis = probes.redis();
        var queue = probes.jobQueue(database);
        boolean healthy = database.healthy() && redis.healthy() && queue.healthy();
        var body = new HealthApi.HealthReport(
                healthy ? "healthy" : "unhealthy",
                Instant.now().getEpochSecond(),
                new HealthApi.HealthChecks(database.toJson(), redis.toJson(), queue.toJson()),
                Math.round((System.nanoTime() - start) / 10_000.0) / 100.0);
        return Response.status(healthy ? 200 : 503).entity(body).build();
    }

    @GET
    @Path("ready")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "getReadiness", summary = "Whether this node can serve traffic (Kubernetes readiness)")
    @APIResponse(
            responseCode = "200",
            description = "Ready",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = HealthApi.ReadyReport.class),
                            examples =
                                    @ExampleObject(
                                            name = "ready",
                                            value =
                                                    "{\"ready\": true, \"checks\": {\"database\": true, \"redis\": true}}")))
    @APIResponse(
            responseCode = "503",
            description = "Not ready",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = HealthApi.ReadyReport.class),
                            examples =
                                    @ExampleObject(
                                            name = "redis down",
                                            value =
                                                    "{\"ready\": false, \"checks\": {\"database\": true, \"redis\": false}}")))
    public Response ready() {
        boolean database = probes.database().healthy();
        boolean redis = probes.redis().healthy();
        var body = new HealthApi.ReadyReport(database && redis, new HealthApi.ReadyChecks(database, redis));
        return Response.status(database && redis ? 200 : 503).entity(body).build();
    }

    @GET
    @Path("live")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "getLiveness", summary = "The process answers (Kubernetes liveness); never 503")
    @APIResponse(
            responseCode = "200",
            description = "Alive",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = HealthApi.LiveReport.class),
                            examples =
                                    @ExampleObject(
                                            name = "alive",
                                            value = "{\"alive\": true, \"timestamp\": 1733928600}")))
    public HealthApi.LiveReport live() {
        return new HealthApi.LiveReport(true, Instant.now().getEpochSecond());
    }

    @GET
    @Path("metrics")
    @Produces("text/plain; version=0.0.4; charset=utf-8")
    @Operation(operationId = "getPrometheusMetrics", summary = "Prometheus text exposition")
    @APIResponse(
            responseCode = "200",
            description = "Prometheus text format 0.0.4",
            content = @Content(mediaType = "text/plain", schema = @Schema(type = SchemaType.STRING)))
    public String metrics() {
        return prometheus.scrape();
    }
}
