package org.openhealthexchange.server.webhooks;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
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
import org.openhealthexchange.server.linking.ProviderLink;
import org.openhealthexchange.server.metrics.OheMetrics;
import org.openhealthexchange.server.persistence.JdbcInstants;
import org.openhealthexchange.server.sync.SyncScheduler;

/**
 * Delivers stored notifications: claims a batch of {@code received} rows ({@code FOR UPDATE SKIP LOCKED}, so
 * nodes share the work and never take the same row), resolves their vendor users to links with one query per
 * provider, queues the links' syncs and marks the rows, all in one transaction. A crash rolls the batch back and
 * it is delivered again; sync jobs are deduplicated by the event, so nothing runs twice. Notifications for users
 * nobody linked are marked {@code ignored} and counted. A revocation deactivates the user's links in the same
 * transaction; a deletion becomes a sync job that also retracts what the vendor no longer has.
 */
@ApplicationScoped
public class WebhookDispatcher {

    private static final Logger LOG = Logger.getLogger(WebhookDispatcher.class);
    static final int BATCH = 200;

    private record Event(long id, String provider, String externalUserId, Instant start, Instant end,
            Set<DataType> types, String dedupKey, SyncRequest.Action action) {
    }

    private final AgroalDataSource dataSource;
    private final SyncScheduler scheduler;
    private final OheMetrics metrics;
    private final OheConfig.Jobs config;
    private final Semaphore wakeUp = new Semaphore(0);
    private final AtomicBoolean running = new AtomicBoolean();
    private Thread thread;

    WebhookDispatcher(AgroalDataSource dataSource, SyncScheduler scheduler, OheMetrics metrics, OheConfig config) {
        this.dataSource = dataSource;
        this.scheduler = scheduler;
        this.metrics = metrics;
        this.config = config.jobs();
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
                if (dispatchBatch() < BATCH) {
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

    /** Delivers up to one batch; returns how many events it took. */
    int dispatchBatch() {
        return QuarkusTransaction.requiringNew().call(() -> {
            List<Event> events = claim();
            if (events.isEmpty()) {
                return 0;
            }
            Map<String, List<ProviderLink>> links = links(events);
            List<Long> dispatched = new ArrayList<>();
            List<Long> ignored = new ArrayList<>();
            for (Event e : events) {
                List<ProviderLink> targets = links.getOrDefault(e.provider + "|" + e.externalUserId, List.of());
                if (targets.isEmpty()) {
                    ignored.add(e.id);
                    metrics.providerApiError(e.provider, "unknown_user_notification");
                    continue;
                }
                dispatched.add(e.id);
                if (e.action == SyncRequest.Action.REVOKE) {
                    Instant now = Instant.now();
                    for (ProviderLink link : targets) {
                        // The grant is gone at the vendor: the link stops syncing and shows why.
                        link.active = false;
                        link.deactivatedReason = "access revoked by the user at " + e.provider;
                        link.accessTokenEnc = null;
                        link.refreshTokenEnc = null;
                        link.updatedAt = now;
                        LOG.infof("Link %d deactivated: the user revoked access at %s", link.id, e.provider);
                    }
                    continue;
                }
                Instant end = e.end != null ? e.end : Instant.now();
                Instant start = e.start != null ? e.start : end.minus(Duration.ofDays(1));
                if (!start.isBefore(end)) {
                    end = start.plusSeconds(1);
                }
                for (ProviderLink link : targets) {
                    scheduler.notified(link, start, end, e.types, e.dedupKey, e.action);
                }
            }
            mark(dispatched, "dispatched");
            mark(ignored, "ignored");
            return events.size();
        });
    }

    private List<Event> claim() throws SQLException {
        String sql = "SELECT id, provider, external_user_id, window_start, window_end, types, dedup_key, action"
                + " FROM webhook_event WHERE status = 'received' ORDER BY id LIMIT " + BATCH + " FOR UPDATE SKIP LOCKED";
        List<Event> events = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql);
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                Set<DataType> types = EnumSet.noneOf(DataType.class);
                for (String code : rs.getString(6).split(",")) {
                    DataType.fromCode(code).ifPresent(types::add);
                }
                events.add(new Event(rs.getLong(1), rs.getString(2), rs.getString(3), JdbcInstants.of(rs.getTimestamp(4)),
                        JdbcInstants.of(rs.getTimestamp(5)), types, rs.getString(7),
                        SyncRequest.Action.fromCode(rs.getString(8))));
            }
        }
        return events;
    }

    private static Map<String, List<ProviderLink>> links(List<Event> events) {
        Map<String, Set<String>> byProvider = new HashMap<>();
        events.forEach(e -> byProvider.computeIfAbsent(e.provider, p -> new java.util.HashSet<>()).add(e.externalUserId));
        Map<String, List<ProviderLink>> links = new HashMap<>();
        byProvider.forEach((provider, users) -> ProviderLink.<ProviderLink>list(
                "provider = ?1 and active = true and externalUserId in ?2", provider, users)
                .forEach(l -> links.computeIfAbsent(l.provider + "|" + l.externalUserId, k -> new ArrayList<>()).add(l)));
        return links;
    }

    private void mark(List<Long> ids, String status) throws SQLException {
        if (ids.isEmpty()) {
            return;
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "UPDATE webhook_event SET status = ?, dispatched_at = now() WHERE id = ANY (?)")) {
            ps.setString(1, status);
            ps.setArray(2, c.createArrayOf("bigint", ids.toArray()));
            ps.executeUpdate();
        }
    }
}
