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
            "finished_at",
            "external_id",
            "unique_key",
            "job_group",
            "group_limit",
            "deadline_ms",
            "deadline",
            "started_at",
            "progress_done",
            "progress_total",
            "result_sealed",
            "failure",
            "retention_ms");
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
     * whose serial key another job holds running waits, and one claim takes at most one job per serial key. A job of
     * a group waits while {@code group_limit} jobs of its group run, and one claim takes no more than the group's free
     * places. A job with a deadline gets {@code deadline = now + deadline_ms}. Claims take a transaction-scoped advisory lock first, so two nodes' claims cannot both see a
     * key or a group place as free.
     */
    public List<SyncJob> claim(String workerId, int limit, Duration lease) {
        return claim(workerId, limit, lease, Duration.ZERO);
    }

    /** As {@link #claim(String, int, Duration)}; a job with a deadline is leased for {@code deadlineLease}. */
    public List<SyncJob> claim(String workerId, int limit, Duration lease, Duration deadlineLease) {
        String groupRunning = "(SELECT count(*) FROM sync_job g WHERE g.status = 'running' AND g.job_group = %s)";
        String sql = "WITH candidates AS (SELECT id, run_after, serial_key, job_group, group_limit FROM sync_job j"
                + " WHERE status = 'pending' AND run_after <= now() AND (serial_key IS NULL OR NOT EXISTS (SELECT 1"
                + " FROM sync_job r WHERE r.status = 'running' AND r.serial_key = j.serial_key))"
                + " AND (job_group IS NULL OR " + groupRunning.formatted("j.job_group") + " < j.group_limit)"
                + " ORDER BY run_after, id LIMIT ?),"
                + " firsts AS (SELECT id, run_after, job_group, group_limit FROM (SELECT id, run_after, job_group,"
                + " group_limit, row_number() OVER (PARTITION BY COALESCE(serial_key, 'id:' || id)"
                + " ORDER BY run_after, id) AS n FROM candidates) c WHERE n = 1),"
                + " placed AS (SELECT id FROM (SELECT id, job_group, group_limit, row_number() OVER (PARTITION BY"
                + " COALESCE(job_group, 'id:' || id) ORDER BY run_after, id) AS place FROM firsts) f"
                + " WHERE job_group IS NULL OR place <= group_limit - " + groupRunning.formatted("f.job_group") + "),"
                + " ready AS (SELECT id FROM sync_job WHERE id IN (SELECT id FROM placed) AND status = 'pending'"
                + " ORDER BY run_after, id LIMIT ? FOR UPDATE SKIP LOCKED)"
                + " UPDATE sync_job j SET status = 'running', attempts = j.attempts + 1, locked_by = ?,"
                + " started_at = now(), deadline = now() + (j.deadline_ms * interval '1 millisecond'),"
                + " locked_until = now() + (CASE WHEN j.deadline_ms IS NULL THEN ? ELSE ? END"
                + " * interval '1 millisecond'),"
                + " progress_done = NULL, progress_total = NULL, updated_at = now()"
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
                ps.setLong(5, deadlineLease.toMillis());
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
        return fail(id, workerId, error, delay, permanent, "error");
    }

    /**
     * As {@link #fail(long, String, String, Duration, boolean)}; {@code failure} ({@code error} or {@code deadline})
     * is recorded when the job ends dead. The worker id stays in {@code locked_by} of a dead job (who ran it last).
     */
    public Optional<JobStatus> fail(
            long id, String workerId, String error, Duration delay, boolean permanent, String failure) {
        String dead = "(? OR attempts >= max_attempts)";
        String sql = "UPDATE sync_job SET status = CASE WHEN " + dead + " THEN 'dead' ELSE 'pending' END,"
                + " run_after = now() + (? * interval '1 millisecond'), locked_until = NULL,"
                + " locked_by = NULL,"
                + " failure = CASE WHEN " + dead + " THEN ? END, last_error = ?, updated_at = now(),"
                + " finished_at = CASE WHEN " + dead + " THEN now() ELSE NULL END"
                + " WHERE id = ? AND locked_by = ? AND status = 'running' RETURNING status";
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setBoolean(1, permanent);
            ps.setLong(2, delay.toMillis());
            ps.setBoolean(3, permanent);
            ps.setString(4, failure);
            ps.setString(5, truncate(error));
            ps.setBoolean(6, permanent);
            ps.setLong(7, id);
            ps.setString(8, workerId);
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
        return failPastDeadline(Duration.ZERO) + recoverLeases();
    }

    /**
     * Fails running jobs whose deadline passed more than {@code grace} ago: their worker's own watchdog would have
     * ended them (it is stuck or gone, while the lease was still renewed or is not yet over).
     */
    public int failPastDeadline(Duration grace) {
        return update(
                "UPDATE sync_job SET status = 'dead', failure = 'deadline', finished_at = now(), locked_by = NULL,"
                        + " locked_until = NULL, updated_at = now(), last_error = 'deadline exceeded: the attempt"
                        + " ran longer than ' || (deadline_ms / 1000) || ' s (ended by another node)'"
                        + " WHERE status = 'running' AND deadline < now() - (? * interval '1 millisecond')",
                ps -> ps.setLong(1, grace.toMillis()));
    }

    /** Extends the leases of {@code ids} still running and held by {@code workerId}; returns the ids renewed. */
    public List<Long> renew(String workerId, List<Long> ids, Duration lease) {
        String sql = "UPDATE sync_job SET locked_until = now() + (? * interval '1 millisecond')"
                + " WHERE status = 'running' AND locked_by = ? AND id = ANY(?) RETURNING id";
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, lease.toMillis());
            ps.setString(2, workerId);
            ps.setArray(3, c.createArrayOf("bigint", ids.toArray()));
            List<Long> renewed = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    renewed.add(rs.getLong(1));
                }
            }
            return renewed;
        } catch (SQLException e) {
            throw new JobStoreException("renew failed", e);
        }
    }

    private int recoverLeases() {
        String sql = "UPDATE sync_job SET status = CASE WHEN attempts >= max_attempts THEN 'dead' ELSE 'pending' END,"
                + " finished_at = CASE WHEN attempts >= max_attempts THEN now() ELSE NULL END,"
                + " failure = CASE WHEN attempts >= max_attempts THEN 'lease' END,"
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

    /**
     * Puts a dead-lettered job back in the queue with a fresh set of attempts; false if it is not dead, or if an
     * active job holds its uniqueness key now (the job would be a second active one).
     */
    public boolean requeueDead(long id) {
        String sql = "UPDATE sync_job j SET status = 'pending', attempts = 0, run_after = now(), finished_at = NULL,"
                + " failure = NULL, updated_at = now() WHERE id = ? AND status = 'dead' AND (unique_key IS NULL"
                + " OR NOT EXISTS (SELECT 1 FROM sync_job a WHERE a.unique_key = j.unique_key"
                + " AND a.status IN ('pending', 'running')))";
        return update(sql, ps -> ps.setLong(1, id)) == 1;
    }

    /** Deletes finished (succeeded or dead) jobs that finished before {@code cutoff}. */
    public int purgeFinishedBefore(Instant cutoff) {
        String sql = "DELETE FROM sync_job WHERE status IN ('succeeded', 'dead') AND finished_at < ?";
        return update(sql, ps -> JdbcInstants.set(ps, 1, cutoff));
    }

    /** What {@link #submit} did: the new job's id, or why nothing was inserted. */
    public record Submitted(long jobId, String externalId, Refusal refusal) {
        public enum Refusal {
            DUPLICATE,
            ID_TAKEN
        }
    }

    /**
     * Inserts a job of the job engine: external id, uniqueness key, group, deadline and retention as given (null for
     * none). Nothing is inserted when an active job holds the uniqueness key (the result names that job's external
     * id) or the external id is taken. One statement: the partial unique indexes decide, on every node alike.
     */
    public Submitted submit(
            NewJob job,
            int maxAttempts,
            String externalId,
            String uniqueKey,
            String group,
            Integer groupLimit,
            Duration deadline,
            Duration retention) {
        String insert =
                "INSERT INTO sync_job (job_type, provider, payload, max_attempts, external_id, unique_key, job_group,"
                        + " group_limit, deadline_ms, retention_ms) VALUES (?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?, ?)"
                        + " ON CONFLICT DO NOTHING RETURNING id";
        try (Connection c = dataSource.getConnection()) {
            for (int attempt = 0; attempt < 5; attempt++) {
                try (PreparedStatement ps = c.prepareStatement(insert)) {
                    ps.setString(1, job.type());
                    ps.setString(2, job.provider());
                    ps.setString(3, job.payload());
                    ps.setInt(4, maxAttempts);
                    ps.setString(5, externalId);
                    ps.setString(6, uniqueKey);
                    ps.setString(7, group);
                    ps.setObject(8, group == null ? null : groupLimit);
                    ps.setObject(9, deadline == null ? null : deadline.toMillis());
                    ps.setObject(10, retention == null ? null : retention.toMillis());
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next()) {
                            return new Submitted(rs.getLong(1), externalId, null);
                        }
                    }
                }
                if (uniqueKey != null) {
                    try (PreparedStatement q =
                            c.prepareStatement("SELECT external_id FROM sync_job WHERE unique_key = ?"
                                    + " AND status IN ('pending', 'running')")) {
                        q.setString(1, uniqueKey);
                        try (ResultSet rs = q.executeQuery()) {
                            if (rs.next()) {
                                return new Submitted(0, rs.getString(1), Submitted.Refusal.DUPLICATE);
                            }
                        }
                    }
                }
                if (externalId != null) {
                    try (PreparedStatement q = c.prepareStatement("SELECT 1 FROM sync_job WHERE external_id = ?")) {
                        q.setString(1, externalId);
                        try (ResultSet rs = q.executeQuery()) {
                            if (rs.next()) {
                                return new Submitted(0, externalId, Submitted.Refusal.ID_TAKEN);
                            }
                        }
                    }
                }
                // The job that held the key ended between the insert and the look-up: insert again.
            }
            throw new JobStoreException("submit kept conflicting with jobs that ended meanwhile", null);
        } catch (SQLException e) {
            throw new JobStoreException("submit failed", e);
        }
    }

    /** The job of {@code type} with this external id, unless it finished longer than its retention before {@code now}. */
    public Optional<SyncJob> findExternal(String type, String externalId, Instant now, Duration defaultRetention) {
        String sql = "SELECT " + COLUMNS + " FROM sync_job WHERE job_type = ? AND external_id = ? AND " + VISIBLE;
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, type);
            ps.setString(2, externalId);
            JdbcInstants.set(ps, 3, now);
            ps.setLong(4, defaultRetention.toMillis());
            return readAll(ps).stream().findFirst();
        } catch (SQLException e) {
            throw new JobStoreException("find failed", e);
        }
    }

    /** Jobs of {@code type} with an external id that are active or within their retention at {@code now}. */
    public List<SyncJob> visible(String type, Instant now, Duration defaultRetention) {
        String sql = "SELECT " + COLUMNS + " FROM sync_job WHERE job_type = ? AND external_id IS NOT NULL AND "
                + VISIBLE + " ORDER BY created_at DESC, id DESC LIMIT 1000";
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, type);
            JdbcInstants.set(ps, 2, now);
            ps.setLong(3, defaultRetention.toMillis());
            return readAll(ps);
        } catch (SQLException e) {
            throw new JobStoreException("visible failed", e);
        }
    }

    private static final String VISIBLE = "(finished_at IS NULL OR finished_at > ?::timestamptz"
            + " - (COALESCE(retention_ms, ?) * interval '1 millisecond'))";

    /** Records a running job's progress; false when {@code workerId} no longer holds it. */
    public boolean progress(long id, String workerId, int done, int total) {
        return update(
                        "UPDATE sync_job SET progress_done = ?, progress_total = ?, updated_at = now()"
                                + " WHERE id = ? AND locked_by = ? AND status = 'running'",
                        ps -> {
                            ps.setInt(1, done);
                            ps.setInt(2, total);
                            ps.setLong(3, id);
                            ps.setString(4, workerId);
                        })
                == 1;
    }

    /** Records a running job's (sealed) result; false when {@code workerId} no longer holds it. */
    public boolean result(long id, String workerId, String sealed) {
        return update(
                        "UPDATE sync_job SET result_sealed = ?, updated_at = now()"
                                + " WHERE id = ? AND locked_by = ? AND status = 'running'",
                        ps -> {
                            ps.setString(1, sealed);
                            ps.setLong(2, id);
                            ps.setString(3, workerId);
                        })
                == 1;
    }

    /**
     * Deletes finished jobs whose own retention ({@code retention_ms}, minutes rather than the days of
     * {@code ohe.jobs.retention}) ran out before {@code now}: their sealed results are gone with them.
     */
    public int purgeExpiredRetention(Instant now) {
        return update(
                "DELETE FROM sync_job WHERE retention_ms IS NOT NULL AND status IN ('succeeded', 'dead')"
                        + " AND finished_at < ?::timestamptz - (retention_ms * interval '1 millisecond')",
                ps -> JdbcInstants.set(ps, 1, now));
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
                        instant(rs, "finished_at"),
                        rs.getString("external_id"),
                        rs.getString("unique_key"),
                        rs.getString("job_group"),
                        (Integer) rs.getObject("group_limit"),
                        (Long) rs.getObject("deadline_ms"),
                        instant(rs, "deadline"),
                        instant(rs, "started_at"),
                        (Integer) rs.getObject("progress_done"),
                        (Integer) rs.getObject("progress_total"),
                        rs.getString("result_sealed"),
                        rs.getString("failure"),
                        (Long) rs.getObject("retention_ms")));
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
