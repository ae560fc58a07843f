package org.openhealthexchange.server.retention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Retention against real rows: what is old and finished goes, what dedup, status or pending work needs stays. */
@QuarkusTest
class DataRetentionIT {

    @Inject
    AgroalDataSource dataSource;

    @Inject
    DataRetention retention;

    @Test
    void finishedInboxRowsPastTheDedupHorizonGoAndEverythingElseStays() throws SQLException {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        Instant now = Instant.now();
        long oldDispatched = event(tag + "-1", "dispatched", now.minus(Duration.ofDays(15)));
        long oldIgnored = event(tag + "-2", "ignored", now.minus(Duration.ofDays(20)));
        // Pending work: a notification waiting for its retry (tomorrow), which the running dispatcher leaves alone.
        long oldWaiting = insert(
                "INSERT INTO webhook_event (provider, dedup_key, body, status, received_at, dispatch_attempts,"
                        + " dispatch_after) VALUES ('withings', ?, '\\x00'::bytea, 'received', ?, 1, now() + interval '1 day')"
                        + " RETURNING id",
                tag + "-3",
                now.minus(Duration.ofDays(30)));
        long recentDispatched = event(tag + "-4", "dispatched", now.minus(Duration.ofDays(13)));

        retention.run(now);

        assertEquals(
                List.of(oldWaiting, recentDispatched),
                ids("SELECT id FROM webhook_event WHERE dedup_key LIKE '" + tag + "-%' ORDER BY id"));
        assertTrue(oldDispatched < oldIgnored);
    }

    @Test
    void oldRunsGoButTheNewestOfEachUserStaysAndStuckRunsAreClosed() throws SQLException {
        String user = "retention-" + UUID.randomUUID().toString().substring(0, 8);
        Instant now = Instant.now();
        long link = link(user);
        long old1 = run(link, user, "completed", now.minus(Duration.ofDays(200)));
        long old2 = run(link, user, "failed", now.minus(Duration.ofDays(150)));
        long newestButOld = run(link, user, "completed", now.minus(Duration.ofDays(100)));
        String other = user + "-b";
        long otherLink = link(other);
        long otherOld = run(otherLink, other, "completed", now.minus(Duration.ofDays(120)));
        long otherRecent = run(otherLink, other, "completed", now.minus(Duration.ofDays(1)));
        long stuck = run(otherLink, other, "running", now.minus(Duration.ofHours(3)));

        retention.run(now);

        assertEquals(List.of(newestButOld), ids("SELECT id FROM sync_run WHERE ehr_user_id = '" + user + "'"));
        assertEquals(
                List.of(otherRecent, stuck),
                ids("SELECT id FROM sync_run WHERE ehr_user_id = '" + other + "' ORDER BY id"));
        assertTrue(old1 < old2 && otherOld < otherRecent);
        try (Connection c = dataSource.getConnection();
                var s = c.createStatement();
                ResultSet rs =
                        s.executeQuery("SELECT status, finished_at, errors::text FROM sync_run WHERE id = " + stuck)) {
            rs.next();
            assertEquals("failed", rs.getString(1));
            assertTrue(rs.getTimestamp(2) != null);
            assertTrue(
                    rs.getString(3).contains("interrupted: running for longer than any attempt may last"),
                    rs.getString(3));
        }
    }

    @Test
    void authorizationRequestsGoADayAfterTheyExpired() throws SQLException {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        Instant now = Instant.now();
        state(tag + "-expired-long-ago", now.minus(Duration.ofDays(2)));
        state(tag + "-expired-recently", now.minus(Duration.ofHours(1)));
        state(tag + "-valid", now.plus(Duration.ofMinutes(10)));

        retention.run(now);

        List<String> left = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                var s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        "SELECT state FROM oauth_state WHERE state LIKE '" + tag + "-%' ORDER BY state")) {
            while (rs.next()) {
                left.add(rs.getString(1));
            }
        }
        assertEquals(List.of(tag + "-expired-recently", tag + "-valid"), left);
    }

    private long event(String dedupKey, String status, Instant receivedAt) throws SQLException {
        return insert(
                "INSERT INTO webhook_event (provider, dedup_key, body, status, received_at)"
                        + " VALUES ('withings', ?, '\\x00'::bytea, ?, ?) RETURNING id",
                dedupKey,
                status,
                receivedAt);
    }

    private long link(String user) throws SQLException {
        return insert(
                "INSERT INTO provider_link (provider, ehr_user_id, external_user_id) VALUES ('withings', ?, ?)"
                        + " RETURNING id",
                user,
                "ext-" + user);
    }

    private long run(long link, String user, String status, Instant startedAt) throws SQLException {
        return insert(
                "INSERT INTO sync_run (provider, ehr_user_id, link_id, trigger, window_start, window_end, status,"
                        + " started_at, finished_at) VALUES ('withings', ?, " + link + ", 'schedule', ?, ?, ?, ?, "
                        + ("running".equals(status) ? "NULL" : "now()") + ") RETURNING id",
                user,
                startedAt,
                startedAt,
                status,
                startedAt);
    }

    private void state(String state, Instant expiresAt) throws SQLException {
        insert(
                "INSERT INTO oauth_state (state, provider, ehr_user_id, redirect_uri, created_at, expires_at)"
                        + " VALUES (?, 'withings', 'u', 'http://localhost/cb', ?, ?) RETURNING 0",
                state,
                expiresAt.minus(Duration.ofMinutes(10)),
                expiresAt);
    }

    private long insert(String sql, Object... values) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                if (values[i] instanceof Instant t) {
                    ps.setTimestamp(i + 1, Timestamp.from(t));
                } else {
                    ps.setObject(i + 1, values[i]);
                }
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private List<Long> ids(String sql) throws SQLException {
        List<Long> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                var s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getLong(1));
            }
        }
        return out;
    }
}
