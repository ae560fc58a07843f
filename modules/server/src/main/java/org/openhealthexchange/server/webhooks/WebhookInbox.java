package org.openhealthexchange.server.webhooks;

import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.openhealthexchange.core.record.DataType;
import org.openhealthexchange.core.spi.SyncRequest;
import org.openhealthexchange.server.persistence.JdbcInstants;

/**
 * The webhook inbox. Accepting a notification is an insert into {@code webhook_event} (raw body plus the parsed
 * facts) committed before the 202: an acknowledged notification is never lost. A repeat of a stored notification
 * (same dedup key) counts itself ({@code deliveries}) and is absorbed while the first delivery's work has not
 * started: the row still {@code received}, or one of its sync jobs still pending (that job fetches the window
 * later anyway). Once that work has started or finished, the repeat is new work: Withings, for one, re-sends a
 * byte-identical notification when a measure is edited, so the row is reopened ({@code received} again,
 * {@code reopened} + 1) and the dispatcher syncs the window once more (coalescing with any pending job). Rows
 * {@code ignored} (nobody linked) or {@code quarantined} only count the delivery. {@link WebhookDispatcher} turns
 * stored rows into sync jobs, off the request path.
 *
 * <p>Group commit: concurrent requests hand their rows to one writer thread, which inserts whatever is waiting as
 * one JDBC batch in one transaction and then releases every waiting request. Each request still answers only after
 * its own row is committed; under load, many rows share one round trip and one commit.
 */
@ApplicationScoped
public class WebhookInbox {

    private static final Logger LOG = Logger.getLogger(WebhookInbox.class);
    static final int MAX_BATCH = 256;
    private static final long ANSWER_TIMEOUT_SECONDS = 10;

    private static final String INSERT =
            """
            INSERT INTO webhook_event (provider, dedup_key, content_type, body, external_user_id, window_start,
                                       window_end, types, action)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (provider, dedup_key) DO NOTHING""";
    /** Locks the stored row of a repeat (waits for a dispatcher batch that holds it to commit). */
    private static final String LOCK = "SELECT id FROM webhook_event WHERE provider = ? AND dedup_key = ? FOR UPDATE";
    /**
     * Counts a repeat; reopens the row when the work of the first delivery has started or finished (dispatched and
     * none of its sync jobs still pending), so the window is synced again. A separate statement after {@link #LOCK},
     * so its snapshot sees what the dispatcher committed meanwhile.
     */
    private static final String REPEATED =
            """
            UPDATE webhook_event e SET deliveries = e.deliveries + 1,
                status = CASE WHEN d.reopen THEN 'received' ELSE e.status END,
                reopened = e.reopened + CASE WHEN d.reopen THEN 1 ELSE 0 END,
                dispatch_attempts = CASE WHEN d.reopen THEN 0 ELSE e.dispatch_attempts END,
                dispatch_error = CASE WHEN d.reopen THEN NULL ELSE e.dispatch_error END,
                dispatch_after = CASE WHEN d.reopen THEN NULL ELSE e.dispatch_after END
            FROM (SELECT w.id, w.status = 'dispatched' AND NOT EXISTS (SELECT 1 FROM sync_job j
                      WHERE j.id = ANY (w.job_ids) AND j.status = 'pending') AS reopen
                  FROM webhook_event w WHERE w.provider = ? AND w.dedup_key = ?) d
            WHERE e.id = d.id
            RETURNING d.reopen""";

    private record Pending(SyncRequest request, String contentType, byte[] body, CompletableFuture<Boolean> inserted) {}

    private final AgroalDataSource dataSource;
    private final WebhookDispatcher dispatcher;
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private volatile boolean running;
    private Thread writer;

    WebhookInbox(AgroalDataSource dataSource, WebhookDispatcher dispatcher) {
        this.dataSource = dataSource;
        this.dispatcher = dispatcher;
    }

    void start(@Observes StartupEvent event) {
        running = true;
        writer = new Thread(this::writeLoop, "webhook-inbox-writer");
        writer.setDaemon(true);
        writer.start();
    }

    void stop(@Observes ShutdownEvent event) {
        running = false;
        if (writer != null) {
            writer.interrupt();
        }
    }

    /**
     * Stores one verified notification and returns once it is committed; true when it is new work (a new row, or
     * a repeat that reopened its row), false when a stored one absorbed it.
     */
    public boolean accept(SyncRequest request, String contentType, byte[] body) {
        if (!running) {
            throw new IllegalStateException("The webhook inbox is not running");
        }
        var pending = new Pending(request, contentType, body, new CompletableFuture<>());
        queue.add(pending);
        try {
            boolean inserted = pending.inserted.get(ANSWER_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (inserted) {
                dispatcher.wake();
            }
            return inserted;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while storing a notification", e);
        } catch (ExecutionException | TimeoutException e) {
            // Not acknowledged: the vendor gets a 5xx and delivers again.
            throw new IllegalStateException("The webhook inbox is unavailable", e);
        }
    }

    private void writeLoop() {
        List<Pending> batch = new ArrayList<>(MAX_BATCH);
        while (running) {
            try {
                batch.add(queue.take());
                queue.drainTo(batch, MAX_BATCH - 1);
                write(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (RuntimeException | Error e) {
                // Any failure (an Error too: the JDBC driver raises AssertionError on a connection that died
                // mid-batch when assertions are on) fails this batch's requests, never the writer thread: a dead
                // writer would leave every later notification unanswered.
                LOG.warnf("Storing %d notification(s) failed: %s", batch.size(), e.toString());
                batch.forEach(p -> p.inserted.completeExceptionally(e));
            } finally {
                batch.clear();
            }
        }
        queue.forEach(p -> p.inserted.completeExceptionally(new IllegalStateException("inbox stopped")));
    }

    private void write(List<Pending> batch) {
        // The same notification twice in one batch: the first inserts, the others count as redeliveries.
        Map<String, Pending> first = new java.util.TreeMap<>(); // key order: see the lock order below
        List<Pending> repeats = new ArrayList<>();
        for (Pending p : batch) {
            if (first.putIfAbsent(p.request.provider() + "\n" + p.request.dedupKey(), p) != null) {
                repeats.add(p);
            }
        }
        List<Pending> unique = new ArrayList<>(first.values());
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            int[] counts;
            try (PreparedStatement ps = c.prepareStatement(INSERT)) {
                for (Pending p : unique) {
                    bind(ps, p);
                    ps.addBatch();
                }
                counts = ps.executeBatch();
            }
            List<Pending> redelivered = new ArrayList<>(repeats);
            for (int i = 0; i < unique.size(); i++) {
                if (counts[i] == 0) {
                    redelivered.add(unique.get(i));
                }
            }
            // In key order, so two nodes' writers lock repeated rows in the same order.
            redelivered.sort(java.util.Comparator.comparing(p -> p.request.provider() + "\n" + p.request.dedupKey()));
            Map<Pending, Boolean> reopened = new java.util.IdentityHashMap<>();
            if (!redelivered.isEmpty()) {
                try (PreparedStatement lock = c.prepareStatement(LOCK);
                        PreparedStatement ps = c.prepareStatement(REPEATED)) {
                    for (Pending p : redelivered) {
                        lock.setString(1, p.request.provider());
                        lock.setString(2, p.request.dedupKey());
                        lock.executeQuery().close();
                        ps.setString(1, p.request.provider());
                        ps.setString(2, p.request.dedupKey());
                        try (var rs = ps.executeQuery()) {
                            reopened.put(p, rs.next() && rs.getBoolean(1));
                        }
                    }
                }
            }
            c.commit();
            for (int i = 0; i < unique.size(); i++) {
                Pending p = unique.get(i);
                p.inserted.complete(counts[i] != 0 || reopened.getOrDefault(p, false));
            }
            repeats.forEach(p -> p.inserted.complete(reopened.getOrDefault(p, false)));
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private static void bind(PreparedStatement ps, Pending p) throws SQLException {
        SyncRequest r = p.request;
        ps.setString(1, r.provider());
        ps.setString(2, r.dedupKey());
        ps.setString(3, p.contentType);
        ps.setBytes(4, p.body);
        ps.setString(5, r.externalUserId());
        JdbcInstants.set(ps, 6, r.start());
        JdbcInstants.set(ps, 7, r.end());
        ps.setString(8, r.types().stream().map(DataType::code).sorted().collect(Collectors.joining(",")));
        ps.setString(9, r.action().code());
    }
}
