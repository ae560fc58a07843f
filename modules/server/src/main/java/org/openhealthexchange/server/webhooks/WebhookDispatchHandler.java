package org.openhealthexchange.server.webhooks;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.jboss.logging.Logger;
import org.openhealthexchange.core.record.DataType;
import org.openhealthexchange.server.jobs.JobHandler;
import org.openhealthexchange.server.jobs.SyncJob;
import org.openhealthexchange.server.linking.ProviderLink;
import org.openhealthexchange.server.metrics.OheMetrics;
import org.openhealthexchange.server.sync.SyncScheduler;

/**
 * Resolves a stored notification to the links of its vendor user and queues their syncs. A notification for a user
 * nobody linked is marked {@code ignored} and counted: vendors retry errors for hours, so it was still accepted.
 */
@ApplicationScoped
public class WebhookDispatchHandler implements JobHandler {

    private static final Logger LOG = Logger.getLogger(WebhookDispatchHandler.class);

    private final SyncScheduler scheduler;
    private final ObjectMapper json;
    private final EntityManager em;
    private final OheMetrics metrics;

    WebhookDispatchHandler(SyncScheduler scheduler, ObjectMapper json, EntityManager em, OheMetrics metrics) {
        this.scheduler = scheduler;
        this.json = json;
        this.em = em;
        this.metrics = metrics;
    }

    @Override
    public String type() {
        return WebhookInbox.DISPATCH_JOB;
    }

    @Override
    public void run(SyncJob job) throws Exception {
        var payload = json.readTree(job.payload());
        long eventId = payload.path("event_id").asLong();
        String eventKey = payload.path("dedup_key").asText(Long.toString(eventId));
        Set<DataType> types = EnumSet.noneOf(DataType.class);
        payload.path("types").forEach(t -> DataType.fromCode(t.asText()).ifPresent(types::add));
        List<ProviderLink> links = QuarkusTransaction.requiringNew()
                .call(() -> ProviderLink.activeForExternalUser(job.provider(), job.subject()));
        if (links.isEmpty()) {
            mark(eventId, "ignored", "no active link for this vendor user");
            metrics.providerApiError(job.provider(), "unknown_user_notification");
            LOG.infof("Notification %d of %s is for an unlinked user: ignored", eventId, job.provider());
            return;
        }
        Instant end = job.windowEnd() != null ? job.windowEnd() : Instant.now();
        Instant start = job.windowStart() != null ? job.windowStart() : end.minus(Duration.ofDays(1));
        if (!start.isBefore(end)) {
            end = start.plusSeconds(1);
        }
        for (ProviderLink link : links) {
            scheduler.notified(link, start, end, types, eventKey);
        }
        mark(eventId, "dispatched", links.size() + " link(s)");
    }

    private void mark(long eventId, String status, String detail) {
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                "UPDATE webhook_event SET status = ?1, detail = ?2 WHERE id = ?3")
                .setParameter(1, status).setParameter(2, detail).setParameter(3, eventId).executeUpdate());
    }
}
