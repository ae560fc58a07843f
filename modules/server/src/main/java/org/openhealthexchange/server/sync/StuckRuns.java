package org.openhealthexchange.server.sync;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import org.openhealthexchange.server.jobs.LeaseRecoveryStep;
import org.openhealthexchange.server.persistence.JdbcInstants;

/**
 * Closes {@code sync_run} rows that a crashed attempt left {@code running} for ever, as {@code failed} with the
 * reason in {@code errors}. Two rules:
 * <ul>
 *   <li>after the job queue recovered expired leases (and on every retention run): a run whose job is no longer
 *       running, or whose job has started a newer run, belongs to an attempt that is over;</li>
 *   <li>at retention time: a run {@code running} for longer than any attempt may last (a run without a job too).</li>
 * </ul>
 */
@ApplicationScoped
public class StuckRuns implements LeaseRecoveryStep {

    static final String INTERRUPTED =
            "interrupted: the attempt ended without closing its run (worker stopped or" + " lease expired)";
    static final String TOO_OLD = "interrupted: running for longer than any attempt may last";

    private static final String CLOSE = "UPDATE sync_run r SET status = 'failed', finished_at = now(),"
            + " errors = r.errors || jsonb_build_array(?::text) WHERE r.status = 'running' AND ";

    private final AgroalDataSource dataSource;

    StuckRuns(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public void leasesRecovered(int count) {
        closeRunsOfEndedAttempts();
    }

    /** Closes the running runs of attempts that are over; returns how many. */
    public int closeRunsOfEndedAttempts() {
        return update(
                CLOSE + "r.job_id IS NOT NULL AND ("
                        + " NOT EXISTS (SELECT 1 FROM sync_job j WHERE j.id = r.job_id AND j.status = 'running')"
                        + " OR EXISTS (SELECT 1 FROM sync_run n WHERE n.job_id = r.job_id AND n.id > r.id))",
                INTERRUPTED,
                null);
    }

    /** Closes runs still running that started before {@code cutoff}; returns how many. */
    public int closeRunsStartedBefore(Instant cutoff) {
        return update(CLOSE + "r.started_at < ?", TOO_OLD, cutoff);
    }

    private int update(String sql, String reason, Instant cutoff) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, reason);
            if (cutoff != null) {
                JdbcInstants.set(ps, 2, cutoff);
            }
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Closing stuck sync runs failed: " + e.getMessage(), e);
        }
    }
}
