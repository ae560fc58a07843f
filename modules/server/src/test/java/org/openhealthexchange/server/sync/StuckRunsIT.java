package org.openhealthexchange.server.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A crashed attempt's {@code sync_run} stays {@code running} until the job queue recovers its expired lease: then
 * it is closed as failed with the reason, while the run of an attempt that still holds its lease keeps running.
 */
@QuarkusTest
class StuckRunsIT {

    private static final Duration WAIT = Duration.ofSeconds(90);

    @Inject
    AgroalDataSource dataSource;

    @Test
    void leaseRecoveryClosesTheRunOfTheCrashedAttemptOnly() throws Exception {
        String user = "stuck-" + UUID.randomUUID().toString().substring(0, 8);
        long link = single("INSERT INTO provider_link (provider, ehr_user_id, external_user_id)"
                + " VALUES ('withings', '" + user + "', 'ext-" + user + "') RETURNING id");
        // A job whose worker died: its lease ran out, its last attempt (1 of 1) left its run 'running'.
        long crashed = job(user, "now() - interval '1 minute'");
        long crashedRun = run(link, user, crashed);
        // A job whose worker is alive and holds its lease: its run must stay 'running'.
        long alive = job(user, "now() + interval '1 hour'");
        long aliveRun = run(link, user, alive);

        try {
            awaitAndCheck(crashed, crashedRun, aliveRun);
        } finally {
            // Leave no job 'running' behind for the tests that wait for a quiet queue.
            execute("UPDATE sync_job SET status = 'dead', locked_until = NULL, finished_at = now() WHERE id = "
                    + alive);
        }
    }

    private void awaitAndCheck(long crashed, long crashedRun, long aliveRun) throws Exception {
        Instant deadline = Instant.now().plus(WAIT);
        while (!"failed".equals(status(crashedRun)) && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
        }
        assertEquals("failed", status(crashedRun), "the worker's lease recovery closed the crashed attempt's run");
        assertEquals("dead", text("SELECT status FROM sync_job WHERE id = " + crashed));
        assertTrue(text("SELECT errors::text FROM sync_run WHERE id = " + crashedRun)
                .contains(StuckRuns.INTERRUPTED));
        assertTrue(text("SELECT finished_at::text FROM sync_run WHERE id = " + crashedRun) != null);
        assertEquals("running", status(aliveRun));
    }

    private long job(String user, String lockedUntil) throws SQLException {
        return single("INSERT INTO sync_job (job_type, provider, ehr_user_id, status, attempts, max_attempts,"
                + " locked_by, locked_until) VALUES ('test.stuck', 'withings', '" + user + "', 'running', 1, 1,"
                + " 'vanished-worker', " + lockedUntil + ") RETURNING id");
    }

    private long run(long link, String user, long job) throws SQLException {
        return single("INSERT INTO sync_run (job_id, provider, ehr_user_id, link_id, trigger, window_start, window_end,"
                + " status) VALUES (" + job + ", 'withings', '" + user + "', " + link + ", 'webhook', now(), now(),"
                + " 'running') RETURNING id");
    }

    private String status(long run) throws SQLException {
        return text("SELECT status FROM sync_run WHERE id = " + run);
    }

    private long single(String sql) throws SQLException {
        return Long.parseLong(text(sql));
    }

    private String text(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection();
                var s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection();
                var s = c.createStatement()) {
            s.executeUpdate(sql);
        }
    }
}
