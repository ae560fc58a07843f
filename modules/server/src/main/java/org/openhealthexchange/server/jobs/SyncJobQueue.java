package org.openhealthexchange.server.jobs;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BinaryOperator;
import javax.sql.DataSource;
import org.openhealthexchange.server.persistence.JdbcInstants;

/**
 * The durable job queue on PostgreSQL. Enqueue is one insert; a claim is one statement that locks ready rows with
 * {@code FOR UPDATE SKIP LOCKED} and leases them to a worker, so any number of nodes can poll one table without
 * ever handing a job to two of them. Plain JDBC: inside a JTA transaction the datasource enlists the connection,
 * so an enqueue commits or rolls back with the caller's work.
 */
public class SyncJobQueue {

    static final int MAX_ERROR_LENGTH = 2000;
    /** The advisory lock key that serialises claims (so serial keys hold across nodes); any constant of ours. */
    private static final long CLAIM_LOCK = 0x0E_4A_0B_5C_1A_11L;
    /**
     * The first key of the two-key advisory locks that serialise coalescing enqueues per link (PostgreSQL keeps
     * two-key locks apart from one-key locks such as {@link #CLAIM_LOCK}).
     */
    private static final int COALESCE_LOCK_CLASS = 0x0E_C0A1;

    private static final List<String> COLUMN_NAMES = List.of(
            "id",
            "job_type",
            "provider",
            "ehr_user_id",
            "subject",
            "window_start",
            "window_end",
            "payload",
            "dedup_key",
            "status",
            "attempts",
            "max_attempts",
            "run_after",
            "locked_by",
            "locked_until",
            "last_error",
            "created_at",
            "updated_at",
            "finished_at");
    private static final String COLUMNS = columns("");

    private final DataSource dataSource;

    public SyncJobQueue(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Inserts a job unless one with the same dedup key exists; either way returns that job's id. */
    public EnqueueResult enqueue(NewJob job, int maxAttempts) {
        return enqueue(job, maxAttempts, false);
    }

    /**
     * As {@link #enqueue(NewJob, int)}; with {@code replaceFinished}, a finished (succeeded or dead) job of the same
     * key gives its key up first, so the request runs again (a forced backfill), while a pending or running one
     * still absorbs it.
     */
    public EnqueueResult enqueue(NewJob job, int maxAttempts, boolean replaceFinished) {
        try (Connection c = dataSource.getConnection()) {
            return enqueue(c, job, maxAttempts, replaceFinished, null);
        } catch (SQLException e) {
            throw new JobStoreException("enqueue failed", e);
        }
    }

    /**
     * How a job merges into pending work: jobs of one {@code key} (one link, action and fetch mode) whose windows
     * overlap, touch or lie at most {@code gap} apart become one, as long as the merged window stays within one {@code chunk} counted from the
     * UTC midnight at or before its start. {@code mergePayload} combines the pending job's payload with the new
     * one's (e.g. the union of data types). {@code lockId} names the advisory lock that serialises the enqueues of
     * one key across nodes (the same for every key of one link, so a caller may take them up front, in order).
     */
    public record Coalescing(
            String key, int lockId, Duration chunk, Duration gap, BinaryOperator<String> mergePayload) {
        public Coalescing {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(chunk, "chunk");
            gap = gap == null || gap.isNegative() ? Duration.ZERO : gap;
            Objects.requireNonNull(mergePayload, "mergePayload");
        }

        /** Whether {@code [start, end)} fits in one chunk. */
        boolean fits(Instant start, Instant end) {
            return !end.isAfter(start.truncatedTo(ChronoUnit.DAYS).plus(chunk));
        }
    }

    /**
     * Enqueues on {@code c}: inside the caller's transaction when {@code c} is in one (auto-commit off), else in a
     * transaction of its own. With {@code coalescing} (and not {@code replaceFinished}): a job of the same dedup
     * key answers as usual; else a pending job of the same coalescing key whose window overlaps this one's or lies
     * within the coalescing gap of it is widened to cover both (the result names that job, {@code created} false); else the job is inserted.
     * The per-key advisory lock (held to the end of the transaction) means two nodes can never both insert, and
     * the pending row is locked {@code FOR UPDATE} while it is widened, so a worker cannot claim it half-merged
     * (a claim that got it first turns it {@code running}, and then it is no longer a candidate).
     */
    public EnqueueResult enqueue(
            Connection c, NewJob job, int maxAttempts, boolean replaceFinished, Coalescing coalescing) {
        try {
            boolean own = c.getAutoCommit();
            if (own) {
                c.setAutoCommit(false);
            }
            try {
                EnqueueResult result = coalescing != null && !replaceFinished
                        ? coalesce(c, job, maxAttempts, coalescing)
                        : insert(c, job, maxAttempts, replaceFinished, null);
                if (own) {
                    c.commit();
                }
                return result;
            } catch (SQLException | RuntimeException e) {
                if (own) {
                    c.rollback();
                }
                throw e;
            } finally {
                if (own) {
                    c.setAutoCommit(true);
                }
            }
        } catch (SQLException e) {
            throw new JobStoreException("enqueue failed: " + e.getMessage(), e);
        }
    }

    /** Takes the coalescing locks of {@code lockIds} in ascending order (so two holders of several never deadlock). */
    public static void lockForCoalescing(Connection c, java.util.Collection<Integer> lockIds) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_xact_lock(?, ?)")) {
            for (int id : new java.util.TreeSet<>(lockIds)) {
                ps.setInt(1, COALESCE_LOCK_CLASS);
                ps.setInt(2, id);
                ps.execute();
            }
        }
    }

    private EnqueueResult coalesce(Connection c, NewJob job, int maxAttempts, Coalescing co) throws SQLException {
        lockForCoalescing(c, List.of(co.lockId()));
        if (job.dedupKey() != null) {
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM sync_job WHERE dedup_key = ?")) {
                ps.setString(1, job.dedupKey());
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        return new EnqueueResult(rs.getLong(1), false);
                    }
                }
            }
        }
        if (job.windowStart() != null && job.windowEnd() != null) {
            String candidates = "SELECT id, window_start, window_end, payload::text FROM sync_job"
                    + " WHERE coalesce_key = ? AND status = 'pending' AND window_start <= ? AND window_end >= ?"
                    + " ORDER BY window_start, id FOR UPDATE";
            try (PreparedStatement ps = c.prepareStatement(candidates)) {
                ps.setString(1, co.key());
                JdbcInstants.set(ps, 2, job.windowEnd().plus(co.gap()));
                JdbcInstants.set(ps, 3, job.windowStart().minus(co.gap()));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Instant start = min(JdbcInstants.of(rs.getTimestamp(2)), job.windowStart());
                        Instant end = max(JdbcInstants.of(rs.getTimestamp(3)), job.windowEnd());
                        if (co.fits(start, end)) {
                            long id = rs.getLong(1);
                            widen(c, id, start, end, co.mergePayload().apply(rs.getString(4), job.payload()));
                            return new EnqueueResult(id, false);
                        }
                    }
                }
            }
        }
        return insert(c, job, maxAttempts, false, co.key());
    }

    private static void widen(Connection c, long id, Instant start, Instant end, String payload) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE sync_job SET window_start = ?, window_end = ?,"
                + " payload = ?::jsonb, updated_at = now() WHERE id = ? AND status = 'pending'")) {
            JdbcInstants.set(ps, 1, start);
            JdbcInstants.set(ps, 2, end);
            ps.setString(3, payload);
            ps.setLong(4, id);
            if (ps.executeUpdate() != 1) {
                throw new SQLException("pending job " + id + " changed while it was locked");
            }
        }
    }

    private EnqueueResult insert(Connection c, NewJob job, int maxAttempts, boolean replaceFinished, String coalesceKey)
            throws SQLException {
        String insert =
                "INSERT INTO sync_job (job_type, provider, ehr_user_id, subject, window_start, window_end, payload,"
                        + " dedup_key, max_attempts, run_after, serial_key, coalesce_key) VALUES (?, ?, ?, ?, ?, ?, ?::jsonb, ?,"
                        + " ?, COALESCE(?, now()), ?, ?) ON CONFLICT (dedup_key) WHERE dedup_key IS NOT NULL DO NOTHING"
                        + " RETURNING id";
        if (replaceFinished && job.dedupKey() != null) {
            try (PreparedStatement release = c.prepareStatement("UPDATE sync_job SET dedup_key = NULL"
                    + " WHERE dedup_key = ? AND status IN ('succeeded', 'dead')")) {
                release.setString(1, job.dedupKey());
                release.executeUpdate();
            }
        }
        try (PreparedStatement ps = c.prepareStatement(insert)) {
            ps.setString(1, job.type());
            ps.setString(2, job.provider());
            ps.setString(3, job.ehrUserId());
            ps.setString(4, job.subject());
            JdbcInstants.set(ps, 5, job.windowStart());
            JdbcInstants.set(ps, 6, job.windowEnd());
            ps.setString(7, job.payload());
            ps.setString(8, job.dedupKey());
            ps.setInt(9, maxAttempts);
            JdbcInstants.set(ps, 10, job.runAfter());
            ps.setString(11, job.serialKey());
            ps.setString(12, coalesceKey);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    return new EnqueueResult(rs.getLong(1), true);
                }
            }
        }
        try (PreparedStatement existing = c.prepareStatement("SELECT id FROM sync_job WHERE dedup_key = ?")) {
            existing.setString(1, job.dedupKey());
            try (ResultSet rs = existing.executeQuery()) {
                rs.next();
                return new EnqueueResult(rs.getLong(1), false);
            }
        }
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    /**
     * Leases up to {@code limit} ready jobs to {@code workerId} until now + {@code lease}, counting the attempt. A job
     * whose serial key another job holds running waits, and one claim takes at most one job per serial key. Claims
     * take a transaction-scoped advisory lock first, so two nodes' claims cannot both see a key as free.
     */
    public List<SyncJob> claim(String workerId, int limit, Duration lease) {
        String sql = "WITH candidates AS (SELECT id, run_after, serial_key FROM sync_job j WHERE status = 'pending'"
                + " AND run_after <= now() AND (serial_key IS NULL OR NOT EXISTS (SELECT 1 FROM sync_job r"
                + " WHERE r.status = 'running' AND r.serial_key = j.serial_key))"
                + " ORDER BY run_after, id LIMIT ?),"
                + " firsts AS (SELECT id FROM (SELECT id, run_after, row_number() OVER (PARTITION BY"
                + " COALESCE(serial_key, 'id:' || id) ORDER BY run_after, id) AS n FROM candidates) c WHERE n = 1),"
                + " ready AS (SELECT id FROM sync_job WHERE id IN (SELECT id FROM firsts) AND status = 'pending'"
                + " ORDER BY run_after, id LIMIT ? FOR UPDATE SKIP LOCKED)"
                + " UPDATE sync_job j SET status = 'running', attempts = j.attempts + 1, locked_by = ?,"
                + " locked_until = now() + (? * interval '1 millisecond'), updated_at = now()"
                + " FROM ready WHERE j.id = ready.id RETURNING " + columns("j.");
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(?)");
                    PreparedStatement ps = c.prepareStatement(sql)) {
                lock.setLong(1, CLAIM_LOCK);
                lock.execute();
                ps.setInt(1, Math.max(limit * 8, 64)); // room for pending jobs that wait behind a running key
                ps.setInt(2, limit);
                ps.setString(3, workerId);
                ps.setLong(4, lease.toMillis());
                List<SyncJob> claimed = readAll(ps);
                c.commit();
                return claimed;
            } catch (SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new JobStoreException("claim failed", e);
        }
    }

    /** Marks a job succeeded; false when this worker no longer holds it (its lease was taken over). */
    public boolean complete(long id, String workerId) {
        String sql =
                "UPDATE sync_job SET status = 'succeeded', locked_by = NULL, locked_until = NULL, last_error = NULL,"
                        + " finished_at = now(), updated_at = now() WHERE id = ? AND locked_by = ? AND status = 'running'";
        return update(sql, ps -> {
                    ps.setLong(1, id);
                    ps.setString(2, workerId);
                })
                == 1;
    }

    /**
     * Records a failed attempt: back to {@code pending} after {@code delay}, or {@code dead} when it was the last
     * attempt or {@code permanent}. Returns the new status, empty when this worker no longer holds the job.
     */
    public Optional<JobStatus> fail(long id, String workerId, String error, Duration delay, boolean permanent) {
        String sql =
                "UPDATE sync_job SET status = CASE WHEN ? OR attempts >= max_attempts THEN 'dead' ELSE 'pending' END,"
                        + " run_after = now() + (? * interval '1 millisecond'), locked_by = NULL, locked_until = NULL,"
                        + " last_error = ?, updated_at = now(),"
                        + " finished_at = CASE WHEN ? OR attempts >= max_attempts THEN now() ELSE NULL END"
                        + " WHERE id = ? AND locked_by = ? AND status = 'running' RETURNING status";
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setBoolean(1, permanent);
            ps.setLong(2, delay.toMillis());
            ps.setString(3, truncate(error));
            ps.setBoolean(4, permanent);
            ps.setLong(5, id);
            ps.setString(6, workerId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(JobStatus.fromDb(rs.getString(1))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new JobStoreException("fail failed", e);
        }
    }

    /**
     * Returns jobs whose lease ran out (their worker crashed or lost the database) to the queue as a failed
     * attempt, or dead-letters them when that was their last attempt. Returns how many were recovered.
     */
    public int recoverExpiredLeases() {
        String sql = "UPDATE sync_job SET status = CASE WHEN attempts >= max_attempts THEN 'dead' ELSE 'pending' END,"
                + " finished_at = CASE WHEN attempts >= max_attempts THEN now() ELSE NULL END,"
                + " run_after = now(), locked_by = NULL, locked_until = NULL,"
                + " last_error = 'lease expired: worker ' || COALESCE(locked_by, '?') || ' stopped before finishing',"
                + " updated_at = now() WHERE status = 'running' AND locked_until < now()";
        return update(sql, ps -> {});
    }

    public Optional<SyncJob> find(long id) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM sync_job WHERE id = ?")) {
            ps.setLong(1, id);
            return readAll(ps).stream().findFirst();
        } catch (SQLException e) {
            throw new JobStoreException("find failed", e);
        }
    }

    /** Jobs of one user (or all when null), optionally of one status, newest first. */
    public List<SyncJob> list(String ehrUserId, JobStatus status, int offset, int limit) {
        String sql = "SELECT " + COLUMNS + " FROM sync_job WHERE (?::text IS NULL OR ehr_user_id = ?)"
                + " AND (?::text IS NULL OR status = ?) ORDER BY id DESC OFFSET ? LIMIT ?";
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            bindFilter(ps, ehrUserId, status);
            ps.setInt(5, offset);
            ps.setInt(6, limit);
            return readAll(ps);
        } catch (SQLException e) {
            throw new JobStoreException("list failed", e);
        }
    }

    public long count(String ehrUserId, JobStatus status) {
        String sql = "SELECT count(*) FROM sync_job WHERE (?::text IS NULL OR ehr_user_id = ?)"
                + " AND (?::text IS NULL OR status = ?)";
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            bindFilter(ps, ehrUserId, status);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new JobStoreException("count failed", e);
        }
    }

    /** Puts a dead-lettered job back in the queue with a fresh set of attempts; false if it is not dead. */
    public boolean requeueDead(long id) {
        String sql = "UPDATE sync_job SET status = 'pending', attempts = 0, run_after = now(), finished_at = NULL,"
                + " updated_at = now() WHERE id = ? AND status = 'dead'";
        return update(sql, ps -> ps.setLong(1, id)) == 1;
    }

    /** Deletes finished (succeeded or dead) jobs that finished before {@code cutoff}. */
    public int purgeFinishedBefore(Instant cutoff) {
        String sql = "DELETE FROM sync_job WHERE status IN ('succeeded', 'dead') AND finished_at < ?";
        return update(sql, ps -> JdbcInstants.set(ps, 1, cutoff));
    }

    /** Queue depth for the probes. */
    public QueueStats stats() {
        String sql = "SELECT count(*) FILTER (WHERE status = 'pending'), count(*) FILTER (WHERE status = 'running'),"
                + " count(*) FILTER (WHERE status = 'dead'),"
                + " EXTRACT(EPOCH FROM now() - min(run_after) FILTER (WHERE status = 'pending' AND run_after <= now()))"
                + " , (SELECT count(*) FROM webhook_event WHERE status = 'received'),"
                + " (SELECT count(*) FROM webhook_event WHERE status = 'quarantined')"
                + " FROM sync_job WHERE status IN ('pending', 'running', 'dead')";
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql);
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            double lag = rs.getDouble(4);
            boolean noLag = rs.wasNull();
            return new QueueStats(
                    rs.getLong(1), rs.getLong(2), rs.getLong(3), noLag ? 0 : lag, rs.getLong(5), rs.getLong(6));
        } catch (SQLException e) {
            throw new JobStoreException("stats failed", e);
        }
    }

    /**
     * Pending, running and dead-lettered jobs, how late the oldest ready job is (seconds), notifications waiting
     * for dispatch and notifications quarantined (they failed dispatch on their own; see WebhookDispatcher).
     */
    public record QueueStats(
            long pending,
            long running,
            long dead,
            double oldestReadySeconds,
            long webhookBacklog,
            long webhookQuarantined) {}

    private static void bindFilter(PreparedStatement ps, String ehrUserId, JobStatus status) throws SQLException {
        ps.setString(1, ehrUserId);
        ps.setString(2, ehrUserId);
        String s = status == null ? null : status.dbValue();
        ps.setString(3, s);
        ps.setString(4, s);
    }

    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private int update(String sql, Binder binder) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new JobStoreException("update failed", e);
        }
    }

    private static List<SyncJob> readAll(PreparedStatement ps) throws SQLException {
        List<SyncJob> jobs = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                jobs.add(new SyncJob(
                        rs.getLong("id"),
                        rs.getString("job_type"),
                        rs.getString("provider"),
                        rs.getString("ehr_user_id"),
                        rs.getString("subject"),
                        instant(rs, "window_start"),
                        instant(rs, "window_end"),
                        rs.getString("payload"),
                        rs.getString("dedup_key"),
                        JobStatus.fromDb(rs.getString("status")),
                        rs.getInt("attempts"),
                        rs.getInt("max_attempts"),
                        instant(rs, "run_after"),
                        rs.getString("locked_by"),
                        instant(rs, "locked_until"),
                        rs.getString("last_error"),
                        instant(rs, "created_at"),
                        instant(rs, "updated_at"),
                        instant(rs, "finished_at")));
            }
        }
        return jobs;
    }

    /** The select list, with {@code payload} (jsonb) read as text. */
    private static String columns(String alias) {
        return String.join(
                ", ",
                COLUMN_NAMES.stream()
                        .map(c -> c.equals("payload") ? alias + "payload::text AS payload" : alias + c)
                        .toList());
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        return JdbcInstants.of(rs.getTimestamp(column));
    }

    private static String truncate(String error) {
        if (error == null) {
            return null;
        }
        return error.length() <= MAX_ERROR_LENGTH ? error : error.substring(0, MAX_ERROR_LENGTH);
    }

    /** The job table could not be read or written (the database is unreachable). */
    public static class JobStoreException extends RuntimeException {
        JobStoreException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
