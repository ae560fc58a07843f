package org.openhealthexchange.server.webhooks;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
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
        var services = new WebhookApi.WebhookServices(
                database.healthy() ? "healthy" : "unhealthy",
                redis.healthy() ? "healthy" : "unhealthy",
                queue.healthy() ? "healthy" : "unhealthy");
        String error = healthy
                ? null
                : !database.healthy()
                        ? "Database connection failed"
                        : !redis.healthy() ? "Redis connection failed" : "Task queue unavailable";
        var body = new WebhookApi.WebhookHealthReport(
                healthy ? "healthy" : "unhealthy",
                Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
                error,
                services,
                VERSION);
        return Response.status(healthy ? 200 : 503).entity(body).build();
    }
}
