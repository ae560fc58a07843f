package org.openhealthexchange.server.webhooks;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import org.openhealthexchange.server.health.ProbeService;

/** The dependency checks behind {@code /webhooks/health/}, in the seed's shape. */
@ApplicationScoped
public class WebhookHealth {

    static final String VERSION = "2.0.0";

    private final ProbeService probes;

    WebhookHealth(ProbeService probes) {
        this.probes = probes;
    }

    Response health() {
        var database = probes.database();
        var redis = probes.redis();
        var queue = probes.jobQueue(database);
        boolean healthy = database.healthy() && redis.healthy() && queue.healthy();
        Map<String, Object> services = new LinkedHashMap<>();
        services.put("database", database.healthy() ? "healthy" : "unhealthy");
        services.put("redis", redis.healthy() ? "healthy" : "unhealthy");
        services.put("task_queue", queue.healthy() ? "healthy" : "unhealthy");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", healthy ? "healthy" : "unhealthy");
        body.put("timestamp", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        if (!healthy) {
            body.put(
                    "error",
                    !database.healthy()
                            ? "Database connection failed"
                            : !redis.healthy() ? "Redis connection failed" : "Task queue unavailable");
        }
        body.put("services", services);
        body.put("version", VERSION);
        return Response.status(healthy ? 200 : 503).entity(body).build();
    }
}
