package org.openhealthexchange.server.health;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
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
    public record Check(boolean healthy, double responseTimeMs, String error, Facts facts) {

        public HealthApi.CheckResult toJson() {
            return new HealthApi.CheckResult(
                    healthy ? "healthy" : "unhealthy",
                    healthy ? responseTimeMs : null,
                    healthy ? null : error,
                    facts.backend(),
                    facts.pending(),
                    facts.running(),
                    facts.dead(),
                    facts.oldestReadySeconds(),
                    facts.webhookBacklog(),
                    facts.webhookQuarantined(),
                    facts.worker());
        }
    }

    /** What a check adds to its outcome; null where the check has no such fact. */
    public record Facts(
            String backend,
            Long pending,
            Long running,
            Long dead,
            Double oldestReadySeconds,
            Long webhookBacklog,
            Long webhookQuarantined,
            String worker) {

        static final Facts NONE = new Facts(null, null, null, null, null, null, null, null);
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
                return Facts.NONE;
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        });
    }

    public Check redis() {
        return timed(() -> {
            coordination.ping();
            return new Facts(coordination.backend(), null, null, null, null, null, null, null);
        });
    }

    /** The queue is healthy when its table answers; the facts show its depth and this node's worker. */
    public Check jobQueue(Check database) {
        if (!database.healthy()) {
            return new Check(false, 0, "Database dependency unavailable", Facts.NONE);
        }
        return timed(() -> {
            SyncJobQueue.QueueStats stats = jobs.queue().stats();
            return new Facts(
                    null,
                    stats.pending(),
                    stats.running(),
                    stats.dead(),
                    Math.round(stats.oldestReadySeconds() * 10) / 10.0,
                    stats.webhookBacklog(),
                    stats.webhookQuarantined(),
                    jobs.workerRunning() ? "running" : "disabled");
        });
    }

    private static Check timed(Supplier<Facts> check) {
        long start = System.nanoTime();
        try {
            Facts facts = CompletableFuture.supplyAsync(check).get(CHECK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return new Check(true, millisSince(start), null, facts);
        } catch (TimeoutException e) {
            return new Check(
                    false, millisSince(start), "Timed out after " + CHECK_TIMEOUT.toSeconds() + " s", Facts.NONE);
        } catch (ExecutionException e) {
            return new Check(false, millisSince(start), rootMessage(e.getCause()), Facts.NONE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Check(false, millisSince(start), "Interrupted", Facts.NONE);
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
