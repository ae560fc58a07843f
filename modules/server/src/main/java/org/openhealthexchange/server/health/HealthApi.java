package org.openhealthexchange.server.health;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The bodies of the probes under {@code /api/metrics/} and of {@code GET /health}, in the seed's shapes. */
public final class HealthApi {

    private HealthApi() {}

    /** {@code GET /api/metrics/health/}. */
    public record HealthReport(
            @Schema(enumeration = {"healthy", "unhealthy"}) String status,
            @Schema(description = "Epoch seconds") long timestamp,
            HealthChecks checks,
            double responseTimeMs) {}

    /** The dependency checks of the health report. */
    public record HealthChecks(CheckResult database, CheckResult redis, CheckResult jobQueue) {}

    /**
     * One dependency check: {@code response_time_ms} when healthy, {@code error} when not, and the facts the check
     * adds (the coordination backend; the job queue's depth and this node's worker).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CheckResult(
            @Schema(
                            required = true,
                            enumeration = {"healthy", "unhealthy"})
                    String status,
            Double responseTimeMs,
            String error,
            @Schema(examples = "redis") String backend,
            Long pending,
            Long running,
            Long dead,
            Double oldestReadySeconds,
            Long webhookBacklog,
            Long webhookQuarantined,
            @Schema(enumeration = {"running", "disabled"}) String worker) {}

    /** {@code GET /api/metrics/ready/}. */
    public record ReadyReport(boolean ready, ReadyChecks checks) {}

    /** Whether each dependency answered. */
    public record ReadyChecks(boolean database, boolean redis) {}

    /** {@code GET /api/metrics/live/}. */
    public record LiveReport(boolean alive, @Schema(description = "Epoch seconds") long timestamp) {}

    /** {@code GET /health} in the CallDoc service's shape. */
    public record ServiceHealth(
            @Schema(enumeration = {"healthy", "unhealthy"}) String status,
            @Schema(
                            description = "UTC, Python isoformat() with microseconds and no zone",
                            examples = "2025-10-04T12:00:00.000000")
                    String timestamp,
            @Schema(description = "Running sync jobs and CallDoc tasks") long activeSyncs) {}
}
