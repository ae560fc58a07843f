package org.openhealthexchange.server.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/** The same dependency checks for SmallRye Health ({@code /q/health/ready}, {@code /q/health/live}). */
@ApplicationScoped
public class DependencyHealthChecks {

    private final ProbeService probes;

    DependencyHealthChecks(ProbeService probes) {
        this.probes = probes;
    }

    @Produces
    @Readiness
    HealthCheck redis() {
        return () -> toResponse("redis", probes.redis());
    }

    @Produces
    @Readiness
    HealthCheck jobQueue() {
        return () -> toResponse("job-queue", probes.jobQueue(probes.database()));
    }

    @Produces
    @Liveness
    HealthCheck alive() {
        return () -> HealthCheckResponse.up("alive");
    }

    private static HealthCheckResponse toResponse(String name, ProbeService.Check check) {
        var builder = HealthCheckResponse.named(name).status(check.healthy());
        if (check.healthy()) {
            builder.withData("response_time_ms", Double.toString(check.responseTimeMs()));
        } else {
            builder.withData("error", check.error());
        }
        return builder.build();
    }
}
