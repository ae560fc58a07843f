package org.openhealthexchange.server.webhooks;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Webhook request counts and latencies (Micrometer: {@code ohe_webhook_requests_seconds}), per node. */
@ApplicationScoped
public class WebhookStats {

    private final MeterRegistry registry;

    WebhookStats(MeterRegistry registry) {
        this.registry = registry;
    }

    void record(String provider, String outcome, long startNanos) {
        Timer.builder("ohe.webhook.requests")
                .description("Webhook notifications by outcome")
                .tag("provider", provider)
                .tag("outcome", outcome)
                .register(registry)
                .record(Duration.ofNanos(System.nanoTime() - startNanos));
    }

    void queued(String provider, int n) {
        Counter.builder("ohe.webhook.sync.tasks.queued")
                .description("Sync tasks queued from notifications")
                .tag("provider", provider)
                .register(registry)
                .increment(n);
    }

    /** The seed's {@code /webhooks/metrics/} document for this node. */
    WebhookApi.WebhookMetrics document() {
        long total = 0;
        long ok = 0;
        double totalMs = 0;
        Map<String, long[]> perProvider = new LinkedHashMap<>();
        Map<String, double[]> perProviderMs = new LinkedHashMap<>();
        for (Timer t : registry.find("ohe.webhook.requests").timers()) {
            String provider = t.getId().getTag("provider");
            String outcome = t.getId().getTag("outcome");
            long count = t.count();
            boolean success = "accepted".equals(outcome) || "duplicate".equals(outcome);
            total += count;
            ok += success ? count : 0;
            totalMs += t.totalTime(TimeUnit.MILLISECONDS);
            long[] p = perProvider.computeIfAbsent(provider, k -> new long[2]);
            p[0] += count;
            p[1] += success ? count : 0;
            perProviderMs.computeIfAbsent(provider, k -> new double[1])[0] += t.totalTime(TimeUnit.MILLISECONDS);
        }
        Map<String, WebhookApi.WebhookEndpointStats> endpoints = new LinkedHashMap<>();
        Map<String, Long> notifications = new LinkedHashMap<>();
        perProvider.forEach((provider, p) -> {
            endpoints.put(
                    provider,
                    new WebhookApi.WebhookEndpointStats(
                            p[0],
                            p[0] == 0 ? 100.0 : round(100.0 * p[1] / p[0]),
                            p[0] == 0 ? 0.0 : round(perProviderMs.get(provider)[0] / p[0])));
            notifications.put(provider, p[1]);
        });
        double queued = registry.find("ohe.webhook.sync.tasks.queued").counters().stream()
                .mapToDouble(Counter::count)
                .sum();
        return new WebhookApi.WebhookMetrics(
                new WebhookApi.WebhookTotals(total, ok, total - ok, total == 0 ? 0.0 : round(totalMs / total)),
                endpoints,
                notifications,
                (long) queued,
                java.time.Instant.now()
                        .truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                        .toString());
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
