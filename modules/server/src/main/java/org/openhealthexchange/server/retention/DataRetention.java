package org.openhealthexchange.server.retention;

import io.agroal.api.AgroalDataSource;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.logging.Logger;
import org.openhealthexchange.server.config.OheConfig;
import org.openhealthexchange.server.persistence.JdbcInstants;
import org.openhealthexchange.server.sync.StuckRuns;

/**
 * Keeps {@code webhook_event}, {@code sync_run} and {@code oauth_state} from growing for ever, and closes runs a
 * crashed attempt left running. A Quartz job in the clustered JDBC store (one node runs each firing); deletes go in
 * bounded batches, one short transaction each, taking rows {@code FOR UPDATE SKIP LOCKED}, so they never hold long
 * locks against the inbox, the dispatcher or the workers. What is kept and why: docs/OPERATIONS.md, "Retention".
 */
@ApplicationScoped
public class DataRetention {

    private static final Logger LOG = Logger.getLogger(DataRetention.class);

    /**
     * Finished inbox rows only: {@code received} rows are still work. A deleted row no longer deduplicates, so a
     * vendor redelivering it afterwards starts a sync again (of data the sinks already hold, written idempotently).
     */
    private static final String WEBHOOK_EVENTS = "DELETE FROM webhook_event WHERE id IN (SELECT id FROM webhook_event"
            + " WHERE status IN ('dispatched', 'ignored') AND received_at < ? ORDER BY received_at LIMIT ?"
            + " FOR UPDATE SKIP LOCKED)";
    /** Finished runs, but never the newest of a user and provider: the sync status endpoint reports it. */
    private static final String SYNC_RUNS = "DELETE FROM sync_run WHERE id IN (SELECT r.id FROM sync_run r"
            + " WHERE r.status <> 'running' AND r.started_at < ?"
            + " AND r.id < (SELECT max(n.id) FROM sync_run n WHERE n.ehr_user_id = r.ehr_user_id"
            + " AND n.provider = r.provider) ORDER BY r.id LIMIT ? FOR UPDATE SKIP LOCKED)";
    /** Authorization requests that expired (used or not): a callback with their state is refused either way. */
    private static final String OAUTH_STATES = "DELETE FROM oauth_state WHERE state IN (SELECT state FROM oauth_state"
            + " WHERE expires_at < ? ORDER BY expires_at LIMIT ? FOR UPDATE SKIP LOCKED)";

    private final AgroalDataSource dataSource;
    private final OheConfig.Retention config;
    private final OheConfig.Jobs jobs;
    private final StuckRuns stuckRuns;

    DataRetention(AgroalDataSource dataSource, OheConfig config, StuckRuns stuckRuns) {
        this.dataSource = dataSource;
        this.config = config.retention();
        this.jobs = config.jobs();
        this.stuckRuns = stuckRuns;
    }

    @Scheduled(
            identity = "ohe-data-retention",
            cron = "${ohe.retention.cron:0 45 3 * * ?}",
            timeZone = "UTC",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        Map<String, Integer> done = run(Instant.now());
        if (done.values().stream().anyMatch(n -> n > 0)) {
            LOG.infof("Retention: %s", done);
        }
    }

    /** One retention pass as of {@code now}; returns what it did per step. */
    public Map<String, Integer> run(Instant now) {
        Map<String, Integer> done = new LinkedHashMap<>();
        done.put("sync_run closed (attempt over)", stuckRuns.closeRunsOfEndedAttempts());
        done.put("sync_run closed (too old)", stuckRuns.closeRunsStartedBefore(now.minus(stuckRunAge())));
        done.put("webhook_event deleted", delete(WEBHOOK_EVENTS, now.minus(config.webhookEvents())));
        done.put("sync_run deleted", delete(SYNC_RUNS, now.minus(config.syncRuns())));
        done.put("oauth_state deleted", delete(OAUTH_STATES, now.minus(config.oauthStates())));
        return done;
    }

    /** A run older than this is stuck: never less than twice the longest an attempt can hold its job's lease. */
    Duration stuckRunAge() {
        Duration twiceTheLease = jobs.timeout().plus(jobs.leaseGrace()).multipliedBy(2);
        return config.stuckRunAfter().compareTo(twiceTheLease) > 0 ? config.stuckRunAfter() : twiceTheLease;
    }

    private int delete(String sql, Instant cutoff) {
        int total = 0;
        while (total < config.maxRowsPerRun()) {
            int batch = Math.min(config.batchSize(), config.maxRowsPerRun() - total);
            int n;
            try (Connection c = dataSource.getConnection();
                    PreparedStatement ps = c.prepareStatement(sql)) {
                JdbcInstants.set(ps, 1, cutoff);
                ps.setInt(2, batch);
                n = ps.executeUpdate();
            } catch (SQLException e) {
                throw new IllegalStateException("Retention delete failed: " + e.getMessage(), e);
            }
            total += n;
            if (n < batch) {
                break;
            }
        }
        return total;
    }
}
