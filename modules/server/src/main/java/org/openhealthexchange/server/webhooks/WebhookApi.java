package org.openhealthexchange.server.webhooks;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The bodies of {@code /webhooks/}, in the seed's shapes. */
public final class WebhookApi {

    private WebhookApi() {}

    /** A notification stored and acknowledged (202); a repeated delivery queues nothing. */
    public record WebhookAccepted(
            @Schema(enumeration = "accepted") String status,
            String provider,
            int syncTasksQueued,
            @Schema(format = "date-time") String timestamp) {}

    /** {@code GET /webhooks/health/}; {@code error} only when unhealthy. */
    public record WebhookHealthReport(
            @Schema(enumeration = {"healthy", "unhealthy"}) String status,
            @Schema(format = "date-time") String timestamp,
            @JsonInclude(JsonInclude.Include.NON_NULL) @Schema(description = "Only when unhealthy") String error,
            WebhookServices services,
            String version) {}

    /** The state of each dependency of the webhook pipeline. */
    public record WebhookServices(
            @Schema(enumeration = {"healthy", "unhealthy"}) String database,
            @Schema(enumeration = {"healthy", "unhealthy"}) String redis,
            @Schema(enumeration = {"healthy", "unhealthy"}) String taskQueue) {}

    /** {@code GET /webhooks/metrics/}: this node's webhook traffic. */
    public record WebhookMetrics(
            WebhookTotals webhookMetrics,
            Map<String, WebhookEndpointStats> endpoints,
            Map<String, Long> providerNotifications,
            long syncTasksQueued,
            @Schema(format = "date-time") String lastUpdated) {}

    /** Totals over every provider. */
    public record WebhookTotals(
            long totalRequests, long successfulRequests, long failedRequests, double averageResponseTimeMs) {}

    /** One provider's webhook traffic. */
    public record WebhookEndpointStats(long requests, double successRate, double avgResponseTimeMs) {}
}
