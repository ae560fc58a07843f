package org.openhealthexchange.server.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Quartz runs on the JDBC job store in clustered mode, and its retention schedule purges old jobs. */
@QuarkusTest
class QuartzIT {

    @Inject
    AgroalDataSource dataSource;

    @Inject
    JobRetention retention;

    @Inject
    JobQueueService jobs;

    @Test
    void theSchedulerChecksInToTheClusterTable() throws SQLException {
        try (var c = dataSource.getConnection();
                var s = c.createStatement();
                var rs = s.executeQuery("SELECT count(*), max(checkin_interval) FROM qrtz_scheduler_state")) {
            rs.next();
            assertTrue(rs.getInt(1) >= 1, "no clustered scheduler instance registered");
            assertEquals(10_000, rs.getLong(2));
        }
    }

    @Test
    void theRetentionCronIsStoredInTheDatabase() throws SQLException {
        try (var c = dataSource.getConnection();
                var s = c.createStatement();
                var rs = s.executeQuery("SELECT cron_expression, time_zone_id FROM qrtz_cron_triggers"
                        + " WHERE trigger_name = 'ohe-job-retention'")) {
            assertTrue(rs.next(), "retention trigger missing from qrtz_cron_triggers");
            assertEquals("0 30 3 * * ?", rs.getString(1));
            assertEquals("UTC", rs.getString(2));
        }
    }

    @Test
    void theSyncSchedulesAreDailyAndWeeklyAtSixUtc() throws SQLException {
        try (var c = dataSource.getConnection();
                var s = c.createStatement();
                var rs = s.executeQuery("SELECT trigger_name, cron_expression, time_zone_id FROM qrtz_cron_triggers"
                        + " WHERE trigger_name IN ('ohe-sync-daily', 'ohe-sync-weekly') ORDER BY trigger_name")) {
            assertTrue(rs.next());
            assertEquals("0 0 6 * * ?", rs.getString(2));
            assertEquals("UTC", rs.getString(3));
            assertTrue(rs.next());
            assertEquals("0 0 6 ? * 1", rs.getString(2)); // Quartz stores SUN as day 1
        }
    }

    @Test
    void retentionDeletesOnlyJobsFinishedLongAgo() throws SQLException {
        long old = jobs.queue().enqueue(NewJob.of("test.old", null), 1).jobId();
        long recent = jobs.queue().enqueue(NewJob.of("test.recent", null), 1).jobId();
        try (var c = dataSource.getConnection();
                var ps = c.prepareStatement(
                        "UPDATE sync_job SET status = 'succeeded', finished_at = ?, run_after = now() + interval '1 day'"
                                + " WHERE id = ?")) {
            ps.setTimestamp(1, Timestamp.from(Instant.now().minus(Duration.ofDays(15))));
            ps.setLong(2, old);
            ps.executeUpdate();
            ps.setTimestamp(1, Timestamp.from(Instant.now().minus(Duration.ofDays(1))));
            ps.setLong(2, recent);
            ps.executeUpdate();
        }
        retention.purge();
        assertTrue(jobs.queue().find(old).isEmpty());
        assertTrue(jobs.queue().find(recent).isPresent());
    }
}
