package org.openhealthexchange.server.health;

import io.micrometer.prometheus.PrometheusMeterRegistry;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Kubernetes probes and Prometheus metrics in the seed's shapes under {@code /api/metrics/}. */
@Path("/api/metrics")
public class MetricsResource {

    private final ProbeService probes;
    private final PrometheusMeterRegistry prometheus;

    MetricsResource(ProbeService probes, PrometheusMeterRegistry prometheus) {
        this.probes = probes;
        this.prometheus = prometheus;
    }

    @GET
    @Path("health")
    @Produces(MediaType.APPLICATION_JSON)
    public Response health() {
        long start = System.nanoTime();
        var database = probes.database();
        var redis = probes.redis();
        var queue = probes.jobQueue(database);
        boolean healthy = database.healthy() && redis.healthy() && queue.healthy();
        Map<String, Object> checks = new LinkedHashMap<>();
        checks.put("database", database.toJson());
        checks.put("redis", redis.toJson());
        checks.put("job_queue", queue.toJson());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", healthy ? "healthy" : "unhealthy");
        body.put("timestamp", Instant.now().getEpochSecond());
        body.put("checks", checks);
        body.put("response_time_ms", Math.round((System.nanoTime() - start) / 10_000.0) / 100.0);
        return Response.status(healthy ? 200 : 503).entity(body).build();
    }

    @GET
    @Path("ready")
    @Produces(MediaType.APPLICATION_JSON)
    public Response ready() {
        boolean database = probes.database().healthy();
        boolean redis = probes.redis().healthy();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("ready", database && redis);
        body.put("checks", Map.of("database", database, "redis", redis));
        return Response.status(database && redis ? 200 : 503).entity(body).build();
    }

    @GET
    @Path("live")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> live() {
        return Map.of("alive", true, "timestamp", Instant.now().getEpochSecond());
    }

    @GET
    @Path("metrics")
    @Produces("text/plain; version=0.0.4; charset=utf-8")
    public String metrics() {
        return prometheus.scrape();
    }
}
