package org.openhealthexchange.server.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/** The seed's {@code ohe_*} metric families, registered through Micrometer (Prometheus names in comments). */
@ApplicationScoped
public class OheMetrics {

    private static final Duration[] SYNC_BUCKETS = {
        Duration.ofMillis(100),
        Duration.ofMillis(500),
        Duration.ofSeconds(1),
        Duration.ofSeconds(5),
        Duration.ofSeconds(30),
        Duration.ofSeconds(60),
        Duration.ofMinutes(5)
    };

    private final MeterRegistry registry;

    OheMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** {@code ohe_sync_operations_total} and {@code ohe_sync_duration_seconds}. */
    public void syncOperation(String provider, String operationType, String status, Duration took) {
        Counter.builder("ohe.sync.operations")
                .description("Total number of health data sync operations")
                .tag("provider", orNone(provider))
                .tag("operation_type", operationType)
                .tag("status", status)
                .register(registry)
                .increment();
        Timer.builder("ohe.sync.duration")
                .description("Time spent on health data sync operations")
                .tag("provider", orNone(provider))
                .tag("operation_type", operationType)
                .serviceLevelObjectives(SYNC_BUCKETS)
                .register(registry)
                .record(took);
    }

    /** {@code ohe_data_points_processed_total}. */
    public void dataPoints(String provider, String dataType, long count) {
        Counter.builder("ohe.data.points.processed")
                .description("Total number of health data points processed")
                .tag("provider", provider)
                .tag("data_type", dataType)
                .register(registry)
                .increment(count);
    }

    /** {@code ohe_records_skipped_total}: vendor values a sink has no representation for (named in the sync status). */
    public void recordsSkipped(String provider, String dataType, long count) {
        Counter.builder("ohe.records.skipped")
                .description("Records no sink could represent, skipped visibly")
                .tag("provider", provider)
                .tag("data_type", dataType)
                .register(registry)
                .increment(count);
    }

    /** {@code ohe_api_requests_total}. */
    public void apiRequest(String method, String endpoint, int statusCode) {
        Counter.builder("ohe.api.requests")
                .description("Total number of API requests")
                .tag("method", method)
                .tag("endpoint", endpoint)
                .tag("status_code", Integer.toString(statusCode))
                .register(registry)
                .increment();
    }

    /** {@code ohe_provider_api_errors_total}. */
    public void providerApiError(String provider, String errorType) {
        Counter.builder("ohe.provider.api.errors")
                .description("Total number of provider API errors")
                .tag("provider", provider)
                .tag("error_type", errorType)
                .register(registry)
                .increment();
    }

    /** {@code ohe_notification_windows_clamped_total}: notifications whose window was cut to the limits. */
    public void notificationWindowClamped(String provider) {
        Counter.builder("ohe.notification.windows.clamped")
                .description("Notifications whose window was cut to the maximum span or to now")
                .tag("provider", orNone(provider))
                .register(registry)
                .increment();
    }

    /** {@code ohe_notifications_quarantined_total}: notifications that failed dispatch on their own too often. */
    public void notificationQuarantined(String provider) {
        Counter.builder("ohe.notifications.quarantined")
                .description("Notifications quarantined after failing dispatch on their own")
                .tag("provider", orNone(provider))
                .register(registry)
                .increment();
    }

    /**
     * {@code ohe_connection_transitions_total}: state changes of connections ({@code linked}, {@code refreshed},
     * {@code refresh_refused}, {@code revoked_at_vendor}, {@code relink_required}, {@code replaced},
     * {@code unlinked}).
     */
    public void connectionTransition(String provider, String transition) {
        Counter.builder("ohe.connection.transitions")
                .description("State changes of connections (linked, refreshed, deactivated and why)")
                .tag("provider", orNone(provider))
                .tag("transition", transition)
                .register(registry)
                .increment();
    }

    private static String orNone(String value) {
        return value == null ? "none" : value;
    }
}
