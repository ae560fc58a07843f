package org.openhealthexchange.server.sync;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.openhealthexchange.core.record.DataType;
import org.openhealthexchange.core.spi.ProviderAdapter;
import org.openhealthexchange.core.spi.SyncRequest;
import org.openhealthexchange.server.config.OheConfig;
import org.openhealthexchange.server.connections.ProviderConnection;
import org.openhealthexchange.server.jobs.EnqueueResult;
import org.openhealthexchange.server.jobs.JobQueueService;
import org.openhealthexchange.server.jobs.NewJob;
import org.openhealthexchange.server.jobs.SyncJobQueue;
import org.openhealthexchange.server.providers.ProviderRegistry;

/**
 * Turns triggers into {@code provider.sync} jobs: a new link's backfill, webhook notifications, the daily and weekly
 * schedules (Quartz, UTC, one node per firing) and API backfills. Long windows are cut into chunks (the adapter's
 * {@code syncChunk}, a week by default) so each job stays short and retries independently; dedup keys make a
 * repeated trigger one job, and a trigger whose chunk overlaps (or lies within the coalescing gap of) a pending
 * job of the same link, action and fetch mode widens that job instead of adding one (coalescing, see
 * {@link SyncJobQueue.Coalescing}).
 */
@ApplicationScoped
public class SyncScheduler {

    public static final String JOB_TYPE = "provider.sync";
    /** The chunk of providers that do not say otherwise ({@link ProviderAdapter#syncChunk()}). */
    static final Duration CHUNK = Duration.ofDays(7);

    private final JobQueueService jobs;
    private final ObjectMapper json;
    private final ProviderRegistry registry;
    private final Clock clock = Clock.systemUTC();
    private final Duration coalesceGap;

    SyncScheduler(JobQueueService jobs, ObjectMapper json, ProviderRegistry registry, OheConfig config) {
        this.coalesceGap = config.sync().coalesceGap();
        this.jobs = jobs;
        this.json = json;
        this.registry = registry;
    }

    /** The payload of a sync job. */
    public record SyncPayload(long linkId, String trigger, List<String> types, SyncRequest.Action action) {}

    public List<Long> backfillNewLink(ProviderConnection link, Duration history) {
        Instant end = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        return enqueue(link, "link", end.minus(history), end, Set.of(), "link:" + link.id + ":" + end.getEpochSecond());
    }

    /**
     * The API backfill of {@code [start, end)}: each chunk's job, and whether it was queued now. An identical chunk
     * still pending or running absorbs the request; one that already finished runs again only when {@code force}.
     */
    public List<EnqueueResult> backfill(
            ProviderConnection link, Instant start, Instant end, String requestKey, boolean force) {
        return enqueueAll(
                link,
                "backfill",
                start,
                end,
                Set.of(),
                "backfill:" + link.id + ":" + requestKey,
                SyncRequest.Action.SYNC,
                force);
    }

    public List<Long> notified(
            ProviderConnection link,
            Instant start,
            Instant end,
            Set<DataType> types,
            String eventKey,
            SyncRequest.Action action) {
        return enqueue(link, "webhook", start, end, types, "webhook:" + link.id + ":" + eventKey, action);
    }

    /**
     * A notification's sync on the dispatcher's connection, inside its transaction: the jobs (new, or the pending
     * jobs the window merged into) commit or roll back with the batch. The caller wakes the worker after commit.
     */
    public List<Long> notified(
            Connection c,
            ProviderConnection link,
            Instant start,
            Instant end,
            Set<DataType> types,
            String eventKey,
            SyncRequest.Action action) {
        return enqueueAll(c, link, "webhook", start, end, types, "webhook:" + link.id + ":" + eventKey, action, false)
                .stream()
                .map(EnqueueResult::jobId)
                .toList();
    }

    /** The advisory lock id under which the enqueues of one link coalesce (see {@link SyncJobQueue.Coalescing}). */
    public static int coalesceLockId(long linkId) {
        return Long.hashCode(linkId);
    }

    /** Daily 06:00 UTC: the last two days of every active link (incremental where the adapter keeps a cursor). */
    @Scheduled(identity = "ohe-sync-daily", cron = "${ohe.sync.daily-cron:0 0 6 * * ?}", timeZone = "UTC")
    void daily() {
        LocalDate today = LocalDate.now(clock);
        Instant end = today.atStartOfDay(ZoneOffset.UTC).toInstant();
        activeLinks()
                .forEach(l -> enqueue(
                        l, "schedule", end.minus(Duration.ofDays(2)), end, Set.of(), "daily:" + l.id + ":" + today));
    }

    /** Weekly, Sunday 06:00 UTC: reconcile the last seven days of every active link. */
    @Scheduled(identity = "ohe-sync-weekly", cron = "${ohe.sync.weekly-cron:0 0 6 ? * SUN}", timeZone = "UTC")
    void weekly() {
        LocalDate today = LocalDate.now(clock);
        Instant end = today.atStartOfDay(ZoneOffset.UTC).toInstant();
        activeLinks()
                .forEach(l -> enqueue(
                        l, "reconcile", end.minus(Duration.ofDays(7)), end, Set.of(), "weekly:" + l.id + ":" + today));
    }

    private List<ProviderConnection> activeLinks() {
        return QuarkusTransaction.requiringNew().call(ProviderConnection::active);
    }

    private List<Long> enqueue(
            ProviderConnection link,
            String trigger,
            Instant start,
            Instant end,
            Set<DataType> types,
            String dedupPrefix) {
        return enqueue(link, trigger, start, end, types, dedupPrefix, SyncRequest.Action.SYNC);
    }

    private List<Long> enqueue(
            ProviderConnection link,
            String trigger,
            Instant start,
            Instant end,
            Set<DataType> types,
            String dedupPrefix,
            SyncRequest.Action action) {
        return enqueueAll(link, trigger, start, end, types, dedupPrefix, action, false).stream()
                .map(EnqueueResult::jobId)
                .toList();
    }

    private List<EnqueueResult> enqueueAll(
            ProviderConnection link,
            String trigger,
            Instant start,
            Instant end,
            Set<DataType> types,
            String dedupPrefix,
            SyncRequest.Action action,
            boolean again) {
        return enqueueAll(null, link, trigger, start, end, types, dedupPrefix, action, again);
    }

    /**
     * Cuts {@code [start, end)} into chunks and enqueues each: forced ({@code again}) as its own job, otherwise
     * coalescing with the link's pending work of the same action and fetch mode. On {@code c} when given (the
     * caller's transaction), else each enqueue in a transaction of its own.
     */
    private List<EnqueueResult> enqueueAll(
            Connection c,
            ProviderConnection link,
            String trigger,
            Instant start,
            Instant end,
            Set<DataType> types,
            String dedupPrefix,
            SyncRequest.Action action,
            boolean again) {
        List<EnqueueResult> ids = new ArrayList<>();
        List<String> typeCodes = types.stream().map(DataType::code).sorted().toList();
        Duration chunk =
                registry.adapter(link.provider).map(ProviderAdapter::syncChunk).orElse(CHUNK);
        for (Instant from = start; from.isBefore(end); ) {
            // Chunks end at UTC midnight, so no day is split between two jobs: day-long series (intraday heart
            // rate) are only fetched for days a job covers completely.
            Instant boundary = from.truncatedTo(ChronoUnit.DAYS).plus(chunk);
            Instant to = boundary.isAfter(end) ? end : boundary;
            NewJob job = new NewJob(
                            JOB_TYPE,
                            link.provider,
                            link.ehrUserId,
                            link.externalUserId,
                            from,
                            to,
                            payload(new SyncPayload(link.id, trigger, typeCodes, action)),
                            dedupPrefix + ":" + from.getEpochSecond() + "-" + to.getEpochSecond(),
                            null)
                    .withSerialKey(serialKey(link));
            if (again) {
                ids.add(jobs.enqueueAgain(job));
            } else {
                var coalescing = coalescing(link, trigger, action, chunk);
                ids.add(c != null ? jobs.enqueue(c, job, coalescing) : jobs.enqueue(job, coalescing));
            }
            from = to;
        }
        return ids;
    }

    /**
     * Pending sync work of one link coalesces per action and fetch mode (windows that overlap or lie within
     * {@code ohe.sync.coalesce-gap} of each other, within one chunk): the daily schedule may fetch
     * incrementally (by the link's cursor), every other trigger fetches its window, so the two never merge. The
     * merged job keeps the pending job's trigger; its types are the union, where no types means every type.
     */
    private SyncJobQueue.Coalescing coalescing(
            ProviderConnection link, String trigger, SyncRequest.Action action, Duration chunk) {
        String mode = "schedule".equals(trigger) ? "incremental" : "window";
        return new SyncJobQueue.Coalescing(
                "sync:" + link.id + ":" + action.code() + ":" + mode,
                coalesceLockId(link.id),
                chunk,
                coalesceGap,
                this::mergePayloads);
    }

    /** The pending job's payload with the union of both payloads' types ({@code []}, every type, wins). */
    String mergePayloads(String pending, String incoming) {
        try {
            var a = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(pending);
            var b = json.readTree(incoming);
            java.util.TreeSet<String> union = new java.util.TreeSet<>();
            boolean all = !a.path("types").isArray()
                    || a.path("types").isEmpty()
                    || !b.path("types").isArray()
                    || b.path("types").isEmpty();
            if (!all) {
                a.path("types").forEach(t -> union.add(t.asText()));
                b.path("types").forEach(t -> union.add(t.asText()));
            }
            var types = a.putArray("types");
            union.forEach(types::add);
            return json.writeValueAsString(a);
        } catch (JsonProcessingException | ClassCastException e) {
            throw new IllegalStateException("Malformed sync job payload", e);
        }
    }

    /**
     * One publisher per EHR subject: every sync job of one EHR user shares this key, so two of them never write to
     * the EHR at once (a backfill and a notification of one user would otherwise race on the same identifiers, and
     * HAPI duplicates racing conditional updates).
     */
    static String serialKey(ProviderConnection link) {
        return "ehr-user:" + link.ehrUserId;
    }

    private String payload(SyncPayload p) {
        try {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("link_id", p.linkId());
            m.put("trigger", p.trigger());
            m.put("types", p.types());
            if (p.action() != SyncRequest.Action.SYNC) {
                m.put("action", p.action().code());
            }
            return json.writeValueAsString(m);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads a sync job's payload. */
    public SyncPayload read(String payload) {
        try {
            var node = json.readTree(payload);
            List<String> types = new ArrayList<>();
            node.path("types").forEach(t -> types.add(t.asText()));
            return new SyncPayload(
                    node.path("link_id").asLong(),
                    node.path("trigger").asText("api"),
                    types,
                    SyncRequest.Action.fromCode(node.path("action").asText(null)));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Malformed sync job payload", e);
        }
    }
}
