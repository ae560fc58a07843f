package org.openhealthexchange.server.calldoc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.openhealthexchange.server.persistence.JdbcInstants;
import org.openhealthexchange.server.vault.TokenVault;

/**
 * The tasks in PostgreSQL. Claims lock pending rows with {@code FOR UPDATE SKIP LOCKED} while holding a transaction
 * advisory lock, so the "fewer than max running" check and the claim are one step across all replicas. A claimed
 * task is leased to one worker ({@code locked_by}, {@code locked_until}); only that worker can report its progress
 * and end it, and it is recovered only once its lease ran out. Result and failure text are stored sealed
 * ({@link SyncTaskSeal}).
 */
class SyncTaskStore {

    /** Advisory lock key of the claim step ("CDSYNC" in ASCII). */
    static final long CLAIM_LOCK = 0x434453594E43L;

    private static final String COLUMNS = "task_id, kind, piz, sync_date, appointment_type_id, status, webhook_url,"
            + " created_at, start_time, end_time, deadline, locked_by, locked_until, processed, total, result::text,"
            + " error, sealed";

    private final DataSource dataSource;
    private final SyncTaskSeal seal;

    SyncTaskStore(DataSource dataSource, TokenVault vault) {
        this.dataSource = dataSource;
        this.seal = new SyncTaskSeal(vault);
    }

    /**
     * Inserts a pending task. Otherwise returns the id of the active task for the same day (and piz), or the
     * {@code taskId} itself when only the id was taken (an ended task of the same second).
     */
    Optional<String> insertOrConflict(String taskId, TaskRequest request) throws SQLException {
        String insert =
                "INSERT INTO calldoc_sync_task (task_id, kind, piz, sync_date, appointment_type_id, webhook_url)"
                        + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING";
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(insert)) {
            ps.setString(1, taskId);
            ps.setString(2, request.kind());
            ps.setString(3, request.piz());
            ps.setObject(4, request.date());
            ps.setInt(5, request.appointmentTypeId());
            ps.setString(6, request.webhookUrl());
            if (ps.executeUpdate() == 1) {
                return Optional.empty();
            }
            String active = "SELECT task_id FROM calldoc_sync_task WHERE kind = ? AND sync_date = ?"
                    + " AND appointment_type_id = ? AND piz IS NOT DISTINCT FROM ? AND status IN ('pending', 'running')";
            try (PreparedStatement q = c.prepareStatement(active)) {
                q.setString(1, request.kind());
                q.setObject(2, request.date());
                q.setInt(3, request.appointmentTypeId());
                q.setString(4, request.piz());
                try (ResultSet rs = q.executeQuery()) {
                    return Optional.of(rs.next() ? rs.getString(1) : taskId);
                }
            }
        }
    }

    /** The task unless it ended longer than {@code retention} ago. */
    Optional<SyncTask> find(String taskId, Duration retention) throws SQLException {
        List<SyncTask> found = query(
                "SELECT " + COLUMNS + " FROM calldoc_sync_task WHERE task_id = ?"
                        + " AND (end_time IS NULL OR end_time > now() - (? * interval '1 millisecond'))",
                taskId,
                retention.toMillis());
        return found.stream().findFirst();
    }

    /** Every task not yet expired, newest first. */
    List<SyncTask> visible(Duration retention) throws SQLException {
        return query(
                "SELECT " + COLUMNS + " FROM calldoc_sync_task"
                        + " WHERE end_time IS NULL OR end_time > now() - (? * interval '1 millisecond')"
                        + " ORDER BY created_at DESC, task_id DESC",
                retention.toMillis());
    }

    int countRunning() throws SQLException {
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM calldoc_sync_task WHERE status = 'running'")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /**
     * Starts up to {@code localSlots} pending tasks on {@code workerId}, never letting more than {@code maxRunning}
     * run cluster-wide; each gets {@code deadline = now + timeout} and a lease until now + {@code lease}.
     */
    List<SyncTask> claim(String workerId, int localSlots, int maxRunning, Duration timeout, Duration lease)
            throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
                    lock.setLong(1, CLAIM_LOCK);
                    lock.execute();
                }
                int running;
                try (Statement s = c.createStatement();
                        ResultSet rs =
                                s.executeQuery("SELECT count(*) FROM calldoc_sync_task WHERE status = 'running'")) {
                    rs.next();
                    running = rs.getInt(1);
                }
                int limit = Math.min(localSlots, maxRunning - running);
                List<SyncTask> claimed = new ArrayList<>();
                if (limit > 0) {
                    String sql = "WITH ready AS (SELECT task_id FROM calldoc_sync_task WHERE status = 'pending'"
                            + " ORDER BY created_at, task_id LIMIT ? FOR UPDATE SKIP LOCKED)"
                            + " UPDATE calldoc_sync_task t SET status = 'running', start_time = now(), locked_by = ?,"
                            + " deadline = now() + (? * interval '1 millisecond'),"
                            + " locked_until = now() + (? * interval '1 millisecond') FROM ready"
                            + " WHERE t.task_id = ready.task_id RETURNING " + columns("t.");
                    try (PreparedStatement ps = c.prepareStatement(sql)) {
                        ps.setInt(1, limit);
                        ps.setString(2, workerId);
                        ps.setLong(3, timeout.toMillis());
                        ps.setLong(4, lease.toMillis());
                        try (ResultSet rs = ps.executeQuery()) {
                            while (rs.next()) {
                                claimed.add(row(rs));
                            }
                        }
                    }
                }
                c.commit();
                return claimed;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    void progress(String taskId, String workerId, int processed, int total) throws SQLException {
        update(
                "UPDATE calldoc_sync_task SET processed = ?, total = ? WHERE task_id = ? AND status = 'running'"
                        + " AND locked_by = ?",
                processed,
                total,
                taskId,
                workerId);
    }

    /**
     * Ends a running task leased to {@code workerId}: {@code error} is a message of OHE's own (stored as it is),
     * {@code resultJson} and {@code failureDetail} are sealed. False when the task is no longer running or no
     * longer this worker's (a timeout or a lease recovery already failed it).
     */
    boolean finish(String taskId, String workerId, String status, String resultJson, String error, String failureDetail)
            throws SQLException {
        return update(
                        "UPDATE calldoc_sync_task SET status = ?, result = NULL, sealed = ?, error = ?, end_time = now(),"
                                + " locked_until = NULL WHERE task_id = ? AND status = 'running' AND locked_by = ?",
                        status,
                        seal.seal(resultJson, failureDetail),
                        error,
                        taskId,
                        workerId)
                == 1;
    }

    /**
     * Extends the leases of {@code taskIds} that are still running and leased to {@code workerId} to now +
     * {@code lease}; returns the ids renewed (the others were ended or recovered by another node).
     */
    List<String> renew(String workerId, Collection<String> taskIds, Duration lease) throws SQLException {
        if (taskIds.isEmpty()) {
            return List.of();
        }
        String sql = "UPDATE calldoc_sync_task SET locked_until = now() + (? * interval '1 millisecond')"
                + " WHERE status = 'running' AND locked_by = ? AND task_id = ANY(?) RETURNING task_id";
        List<String> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, lease.toMillis());
            ps.setString(2, workerId);
            ps.setArray(3, c.createArrayOf("varchar", taskIds.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    /**
     * Fails running tasks whose lease ran out: the process running them stopped renewing it (it crashed, was
     * killed or lost the database). Returns their ids.
     */
    List<String> failExpiredLeases(String error) throws SQLException {
        return ids(
                "UPDATE calldoc_sync_task SET status = 'failed', error = replace(?, '{worker}', COALESCE(locked_by, '?')),"
                        + " end_time = now(), locked_until = NULL WHERE status = 'running' AND locked_until < now()"
                        + " RETURNING task_id",
                error);
    }

    /** Fails the tasks still leased to {@code workerId} (this process, stopping); returns their ids. */
    List<String> failHeldBy(String workerId, String error) throws SQLException {
        return ids(
                "UPDATE calldoc_sync_task SET status = 'failed', error = ?, end_time = now(), locked_until = NULL"
                        + " WHERE status = 'running' AND locked_by = ? RETURNING task_id",
                error,
                workerId);
    }

    /** Fails running tasks past their deadline; returns their ids. */
    List<String> failTimedOut(String error) throws SQLException {
        return ids(
                "UPDATE calldoc_sync_task SET status = 'failed', error = ?, end_time = now(), locked_until = NULL"
                        + " WHERE status = 'running' AND deadline < now() RETURNING task_id",
                error);
    }

    /** Deletes tasks that ended longer than {@code retention} ago. */
    int purge(Duration retention) throws SQLException {
        return update(
                "DELETE FROM calldoc_sync_task WHERE end_time < now() - (? * interval '1 millisecond')",
                retention.toMillis());
    }

    private List<String> ids(String sql, Object... params) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = prepare(c, sql, params);
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private int update(String sql, Object... params) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = prepare(c, sql, params)) {
            return ps.executeUpdate();
        }
    }

    private List<SyncTask> query(String sql, Object... params) throws SQLException {
        List<SyncTask> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = prepare(c, sql, params);
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(row(rs));
            }
        }
        return out;
    }

    private static PreparedStatement prepare(Connection c, String sql, Object... params) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        for (int i = 0; i < params.length; i++) {
            ps.setObject(i + 1, params[i]);
        }
        return ps;
    }

    private static String columns(String prefix) {
        return prefix + COLUMNS.replace(", ", ", " + prefix);
    }

    private SyncTask row(ResultSet rs) throws SQLException {
        String sealed = rs.getString(18);
        // Rows of older versions have a plaintext result and no ciphertext; they are gone after the retention.
        SyncTaskSeal.Opened opened =
                sealed == null ? new SyncTaskSeal.Opened(rs.getString(16), null) : seal.open(sealed);
        return new SyncTask(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                rs.getObject(4, LocalDate.class),
                rs.getInt(5),
                rs.getString(6),
                rs.getString(7),
                JdbcInstants.of(rs.getTimestamp(8)),
                JdbcInstants.of(rs.getTimestamp(9)),
                JdbcInstants.of(rs.getTimestamp(10)),
                JdbcInstants.of(rs.getTimestamp(11)),
                rs.getString(12),
                JdbcInstants.of(rs.getTimestamp(13)),
                (Integer) rs.getObject(14),
                (Integer) rs.getObject(15),
                opened.resultJson(),
                rs.getString(17),
                opened.failureDetail());
    }
}
