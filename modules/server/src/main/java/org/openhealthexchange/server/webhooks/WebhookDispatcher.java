package org.openhealthexchange.server.webhooks;

import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;
import org.openhealthexchange.core.record.DataType;
import org.openhealthexchange.core.spi.SyncRequest;
import org.openhealthexchange.server.config.OheConfig;
import org.openhealthexchange.server.connections.ConnectionService;
import org.openhealthexchange.server.connections.ProviderConnection;
import org.openhealthexchange.server.jobs.JobQueueService;
import org.openhealthexchange.server.jobs.SyncJobQueue;
import org.openhealthexchange.server.metrics.OheMetrics;
import org.openhealthexchange.server.persistence.JdbcInstants;
import org.openhealthexchange.server.sync.SyncScheduler;

/**
 * Delivers stored notifications in bounded batches, each one plain JDBC transaction on one connection: claim up to
 * {@code ohe.notifications.batch-size} {@code received} rows ({@code FOR UPDATE SKIP LOCKED}, so nodes share the
 * work and never take the same row), resolve their vendor users to links, clamp each window
 * ({@link NotificationWindows}), queue (or coalesce) the links' syncs and mark the rows; commit. Everything a batch
 * writes goes through that one connection, so it commits or rolls back whole: there is no JTA transaction whose
 * timeout could roll the work back behind the thread's back while later statements, on connections the pool no
 * longer enlists, commit on their own. A batch stops taking rows once it queued {@code max-jobs-per-batch} jobs,
 * and every statement has a timeout.
 *
 * <p>A batch that fails rolls back and its rows are tried again one by one; a row that fails on its own counts
 * the attempt ({@code dispatch_attempts}, {@code dispatch_error}), is retried alone after a delay, and is
 * {@code quarantined} after {@code ohe.notifications.max-attempts}: kept with its error, never retried by itself,
 * while the rest of the inbox keeps flowing. Notifications for users nobody linked are marked {@code ignored}. A
 * revocation deactivates the user's links in the same transaction; a deletion becomes a sync job that also retracts
 * what the vendor no longer has.
 */
@ApplicationScoped
public class WebhookDispatcher {

    private static final Logger LOG = Logger.getLogger(WebhookDispatcher.class);
    /** Failed rows retried alone per round. */
    private static final int RETRIES_PER_ROUND = 16;

    private static final int MAX_ERROR_LENGTH = 2000;

    private record Event(
            long id,
            String provider,
            String externalUserId,
            Instant start,
            Instant end,
            String types,
            String dedupKey,
            String action,
            int reopened) {}

    /** What one round did: rows handled, and whether a row limit left claimable rows behind. */
    record Round(int handled, boolean more) {}

    private final AgroalDataSource dataSource;
    private final SyncScheduler scheduler;
    private final JobQueueService jobs;
    private final OheMetrics metrics;
    private final OheConfig.Jobs config;
    private final OheConfig.Notifications limits;
    private final NotificationWindows windows;
    private final ConnectionService connections;
    private final Semaphore wakeUp = new Semaphore(0);
    private final AtomicBoolean running = new AtomicBoolean();
    private Thread thread;

    WebhookDispatcher(
            AgroalDataSource dataSource,
            SyncScheduler scheduler,
            JobQueueService jobs,
            OheMetrics metrics,
            OheConfig config,
            ConnectionService connections) {
        this.connections = connections;
        this.dataSource = dataSource;
        this.scheduler = scheduler;
        this.jobs = jobs;
        this.metrics = metrics;
        this.config = config.jobs();
        this.limits = config.notifications();
        this.windows = NotificationWindows.of(limits);
    }

    void start(@Observes StartupEvent event) {
        if (!config.enabled()) {
            return;
        }
        running.set(true);
        thread = new Thread(this::loop, "webhook-dispatcher");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent event) {
        running.set(false);
        wakeUp.release();
        if (thread != null) {
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Delivers now rather than after the poll interval (an event was just stored on this node). */
    void wake() {
        wakeUp.release();
    }

    private void loop() {
        while (running.get()) {
            try {
                if (!round().more()) {
                    idle();
                }
            } catch (RuntimeException | Error e) { // never let the dispatcher thread die
                LOG.warnf("Webhook dispatch failed, retrying: %s", e.toString());
                idle();
            }
        }
    }

    private void idle() {
        try {
            if (wakeUp.tryAcquire(config.pollInterval().toMillis(), TimeUnit.MILLISECONDS)) {
                Thread.sleep(5); // let a burst of notifications gather into one batch
                wakeUp.drainPermits();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running.set(false);
        }
    }

    /** Delivers up to one batch of new rows and retries a few failed ones alone; returns how many rows it handled. */
    int dispatchBatch() {
        return round().handled();
    }

    Round round() {
        List<Long> claimed = new ArrayList<>();
        Round round;
        try {
            round = attempt(null, claimed);
        } catch (SQLException | RuntimeException e) {
            if (claimed.isEmpty()) {
                throw new IllegalStateException("claiming notifications failed: " + e.getMessage(), e);
            }
            LOG.warnf(
                    "A dispatch batch of %d notification(s) failed and was rolled back (%s); trying them one by one",
                    claimed.size(), e.getMessage());
            int handled = 0;
            for (long id : claimed) {
                handled += alone(id);
            }
            round = new Round(handled, true);
        }
        int retried = 0;
        for (long id : retryable()) {
            retried += alone(id);
        }
        return new Round(round.handled() + retried, round.more());
    }

    /**
     * One all-or-nothing batch: the new rows (never failed before), or only row {@code onlyId}. Claimed ids are
     * added to {@code claimed} before any work, so a caller can retry them alone when the batch fails.
     */
    Round attempt(Long onlyId, List<Long> claimed) throws SQLException {
        List<String> clamped = new ArrayList<>();
        List<ConnectionService.Revoked> revoked = new ArrayList<>();
        boolean queuedJobs = false;
        Round round;
        try (Connection c = dataSource.getConnection()) {
            if (!c.getAutoCommit()) {
                throw new IllegalStateException("the dispatcher must not run inside a JTA transaction");
            }
            c.setAutoCommit(false);
            try {
                try (Statement s = c.createStatement()) {
                    s.execute("SET LOCAL statement_timeout = "
                            + Math.max(1, limits.statementTimeout().toMillis()));
                }
                List<Event> events = claim(c, onlyId);
                events.forEach(e -> claimed.add(e.id));
                Map<String, List<ProviderConnection>> links = links(c, events);
                // Every coalescing lock of the batch up front, in order: two batches never wait on each other in a
                // cycle.
                Set<Integer> locks = new HashSet<>();
                links.values().forEach(ls -> ls.forEach(l -> locks.add(SyncScheduler.coalesceLockId(l.id))));
                SyncJobQueue.lockForCoalescing(c, locks);
                List<Long> ignored = new ArrayList<>();
                Map<Long, List<Long>> dispatched = new HashMap<>();
                int queued = 0;
                int taken = 0;
                for (Event e : events) {
                    if (taken > 0 && queued >= limits.maxJobsPerBatch()) {
                        break; // the rest stays 'received' for the next batch
                    }
                    taken++;
                    List<ProviderConnection> targets =
                            links.getOrDefault(e.provider + "|" + e.externalUserId, List.of());
                    if (targets.isEmpty()) {
                        ignored.add(e.id);
                        continue;
                    }
                    List<Long> ids = deliver(c, e, targets, clamped, revoked);
                    queued += ids.size();
                    dispatched.put(e.id, ids);
                }
                mark(c, dispatched, ignored);
                c.commit();
                queuedJobs = queued > 0;
                for (Event e : events.subList(0, taken)) {
                    if (ignored.contains(e.id)) {
                        metrics.providerApiError(e.provider, "unknown_user_notification");
                    }
                }
                round = new Round(taken, taken < events.size() || (onlyId == null && events.size() >= batchSize()));
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
        clamped.forEach(metrics::notificationWindowClamped);
        revoked.forEach(connections::committed);
        if (queuedJobs) {
            jobs.wakeWorker();
        }
        return round;
    }

    private int batchSize() {
        return Math.max(1, limits.batchSize());
    }

    /** Queues one notification's syncs (or deactivates its links) on the batch's connection; returns the job ids. */
    private List<Long> deliver(
            Connection c,
            Event e,
            List<ProviderConnection> targets,
            List<String> clamped,
            List<ConnectionService.Revoked> revoked)
            throws SQLException {
        SyncRequest.Action action = SyncRequest.Action.fromCode(e.action);
        Set<DataType> types = EnumSet.noneOf(DataType.class);
        for (String code : e.types.split(",")) {
            DataType.fromCode(code).ifPresent(types::add);
        }
        if (action == SyncRequest.Action.REVOKE) {
            // The grant is gone at the vendor: the connections stop syncing and show why.
            revoked.add(connections.revokedAtVendor(
                    c, e.provider, targets.stream().map(l -> l.id).toList()));
            return List.of();
        }
        var window = windows.clamp(e.provider, e.start, e.end, Instant.now());
        if (window.clamped()) {
            clamped.add(e.provider);
            LOG.infof(
                    "Notification %d of %s asked for [%s, %s); clamped to [%s, %s) (max span %s)",
                    e.id, e.provider, e.start, e.end, window.start(), window.end(), windows.maxSpan(e.provider));
        }
        String eventKey = e.reopened > 0 ? e.dedupKey + "#" + e.reopened : e.dedupKey;
        List<Long> ids = new ArrayList<>();
        for (ProviderConnection link : targets) {
            ids.addAll(scheduler.notified(c, link, window.start(), window.end(), types, eventKey, action));
        }
        return ids;
    }

    /** Tries one row alone; a failure is counted on the row (quarantined after the last attempt). Returns 1 or 0. */
    private int alone(long id) {
        try {
            return attempt(id, new ArrayList<>()).handled();
        } catch (SQLException | RuntimeException e) {
            if (transientFailure(e)) {
                LOG.warnf("Notification %d could not be dispatched for now: %s", id, e.getMessage());
                return 0;
            }
            recordFailure(id, e);
            return 1;
        }
    }

    /** Connection loss, timeouts, deadlocks and serialization failures say nothing about the row itself. */
    private static boolean transientFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String cls = sql.getSQLState().length() >= 2 ? sql.getSQLState().substring(0, 2) : "";
                // 57014 (statement timeout) is the row's own doing; 57P0x (shutdown, crash) is not.
                if (Set.of("08", "40", "53").contains(cls) || sql.getSQLState().startsWith("57P")) {
                    return true;
                }
            }
        }
        return false;
    }

    private void recordFailure(long id, Throwable failure) {
        String error = failure.getClass().getSimpleName() + ": " + failure.getMessage();
        String sql = "UPDATE webhook_event SET dispatch_attempts = dispatch_attempts + 1, dispatch_error = ?,"
                + " status = CASE WHEN dispatch_attempts + 1 >= ? THEN 'quarantined' ELSE status END,"
                + " dispatch_after = now() + ((dispatch_attempts + 1) * ? * interval '1 millisecond')"
                + " WHERE id = ? AND status = 'received' RETURNING status, provider, dispatch_attempts";
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, error.length() <= MAX_ERROR_LENGTH ? error : error.substring(0, MAX_ERROR_LENGTH));
            ps.setInt(2, Math.max(1, limits.maxAttempts()));
            ps.setLong(3, limits.retryDelay().toMillis());
            ps.setLong(4, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    if ("quarantined".equals(rs.getString(1))) {
                        metrics.notificationQuarantined(rs.getString(2));
                        LOG.errorf(
                                "Notification %d quarantined after %d failed dispatch attempt(s): %s",
                                id, rs.getInt(3), error);
                    } else {
                        LOG.warnf(
                                "Notification %d failed dispatch (attempt %d), retried later: %s",
                                id, rs.getInt(3), error);
                    }
                }
            }
        } catch (SQLException e) {
            LOG.warnf("Recording the dispatch failure of notification %d failed: %s", id, e.getMessage());
        }
    }

    /** Rows that failed before and whose retry delay has passed. */
    private List<Long> retryable() {
        List<Long> ids = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT id FROM webhook_event WHERE status = 'received' AND dispatch_attempts > 0"
                                + " AND (dispatch_after IS NULL OR dispatch_after <= now()) ORDER BY id LIMIT "
                                + RETRIES_PER_ROUND);
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                ids.add(rs.getLong(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading failed notifications failed: " + e.getMessage(), e);
        }
        return ids;
    }

    private List<Event> claim(Connection c, Long onlyId) throws SQLException {
        String sql = "SELECT id, provider, external_user_id, window_start, window_end, types, dedup_key, action,"
                + " reopened FROM webhook_event WHERE status = 'received' AND "
                + (onlyId == null ? "dispatch_attempts = 0" : "id = ?")
                + " ORDER BY id LIMIT " + batchSize() + " FOR UPDATE SKIP LOCKED";
        List<Event> events = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            if (onlyId != null) {
                ps.setLong(1, onlyId);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    events.add(new Event(
                            rs.getLong(1),
                            rs.getString(2),
                            rs.getString(3),
                            JdbcInstants.of(rs.getTimestamp(4)),
                            JdbcInstants.of(rs.getTimestamp(5)),
                            rs.getString(6),
                            rs.getString(7),
                            rs.getString(8),
                            rs.getInt(9)));
                }
            }
        }
        return events;
    }

    /** The active links of the batch's vendor users, one query per provider, on the batch's connection. */
    private static Map<String, List<ProviderConnection>> links(Connection c, List<Event> events) throws SQLException {
        Map<String, Set<String>> byProvider = new HashMap<>();
        events.forEach(e ->
                byProvider.computeIfAbsent(e.provider, p -> new HashSet<>()).add(e.externalUserId));
        Map<String, List<ProviderConnection>> links = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id, provider, ehr_user_id, external_user_id"
                + " FROM provider_link WHERE provider = ? AND active AND external_user_id = ANY (?) ORDER BY id")) {
            for (var entry : byProvider.entrySet()) {
                ps.setString(1, entry.getKey());
                ps.setArray(2, c.createArrayOf("varchar", entry.getValue().toArray()));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ProviderConnection l =
                                new ProviderConnection(); // a detached view: never persisted through Hibernate
                        l.id = rs.getLong(1);
                        l.provider = rs.getString(2);
                        l.ehrUserId = rs.getString(3);
                        l.externalUserId = rs.getString(4);
                        links.computeIfAbsent(l.provider + "|" + l.externalUserId, k -> new ArrayList<>())
                                .add(l);
                    }
                }
            }
        }
        return links;
    }

    private static void mark(Connection c, Map<Long, List<Long>> dispatched, List<Long> ignored) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE webhook_event SET status = ?, dispatched_at = now(),"
                + " job_ids = ?, dispatch_error = NULL, dispatch_after = NULL WHERE id = ?")) {
            for (var entry : dispatched.entrySet()) {
                ps.setString(1, "dispatched");
                ps.setArray(2, c.createArrayOf("bigint", entry.getValue().toArray()));
                ps.setLong(3, entry.getKey());
                ps.addBatch();
            }
            for (long id : ignored) {
                ps.setString(1, "ignored");
                ps.setNull(2, java.sql.Types.ARRAY);
                ps.setLong(3, id);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }
}
