package org.openhealthexchange.server.health;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.openhealthexchange.server.coordination.Coordination;
import org.openhealthexchange.server.jobs.JobQueueService;
import org.openhealthexchange.server.jobs.SyncJobQueue;

/**
 * Checks of the dependencies this node needs, each timed and bounded so that a hung dependency makes a probe
 * fail rather than hang: the database, the coordination store (Redis) and the job queue.
 */
@ApplicationScoped
public class ProbeService {

    static final Duration CHECK_TIMEOUT = Duration.ofSeconds(3);

    /** The outcome of one check: healthy or not, its round trip, an error text, and extra facts. */
    public record Check(boolean healthy, double responseTimeMs, String error, Map<String, Object> facts) {

        public Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("status", healthy ? "healthy" : "unhealthy");
            if (healthy) {
                m.put("response_time_ms", responseTimeMs);
            } else {
                m.put("error", error);
            }
            m.putAll(facts);
            return m;
        }
    }

    private final AgroalDataSource dataSource;
    private final Coordination coordination;
    private final JobQueueService jobs;

    ProbeService(AgroalDataSource dataSource, Coordination coordination, JobQueueService jobs) {
        this.dataSource = dataSource;
        this.coordination = coordination;
        this.jobs = jobs;
    }

    public Check database() {
        return timed(() -> {
            try (Connection c = dataSource.getConnection();
                    Statement s = c.createStatement()) {
                s.setQueryTimeout((int) CHECK_TIMEOUT.toSeconds());
                s.execute("SELECT 1");
                return Map.of();
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        });
    }

    public Check redis() {
        return timed(() -> {
            coordination.ping();
            return Map.of("backend", coordination.backend());
        });
    }

    /** The queue is healthy when its table answers; the facts show its depth and this node's worker. */
    public Check jobQueue(Check database) {
        if (!database.healthy()) {
            return new Check(false, 0, "Database dependency unavailable", Map.of());
        }
        return timed(() -> {
            SyncJobQueue.QueueStats stats = jobs.queue().stats();
            Map<String, Object> facts = new LinkedHashMap<>();
            facts.put("pending", stats.pending());
            facts.put("running", stats.running());
            facts.put("dead", stats.dead());
            facts.put("oldest_ready_seconds", Math.round(stats.oldestReadySeconds() * 10) / 10.0);
            facts.put("webhook_backlog", stats.webhookBacklog());
            facts.put("webhook_quarantined", stats.webhookQuarantined());
            facts.put("worker", jobs.workerRunning() ? "running" : "disabled");
            return facts;
        });
    }

    private static Check timed(Supplier<Map<String, Object>> check) {
        long start = System.nanoTime();
        try {
            Map<String, Object> facts =
                    CompletableFuture.supplyAsync(check).get(CHECK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return new Check(true, millisSince(start), null, facts);
        } catch (TimeoutException e) {
            return new Check(
                    false, millisSince(start), "Timed out after " + CHECK_TIMEOUT.toSeconds() + " s", Map.of());
        } catch (ExecutionException e) {
            return new Check(false, millisSince(start), rootMessage(e.getCause()), Map.of());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Check(false, millisSince(start), "Interrupted", Map.of());
        }
    }

    private static double millisSince(long startNanos) {
        return Math.round((System.nanoTime() - startNanos) / 10_000.0) / 100.0;
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return message == null || message.isBlank() ? root.getClass().getSimpleName() : message;
    }
}
