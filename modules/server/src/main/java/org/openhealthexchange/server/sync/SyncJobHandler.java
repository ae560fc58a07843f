package org.openhealthexchange.server.sync;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.openhealthexchange.core.fhir.mapping.ResourceKey;
import org.openhealthexchange.core.record.DataType;
import org.openhealthexchange.core.record.HealthRecord;
import org.openhealthexchange.core.spi.FetchOutcome;
import org.openhealthexchange.core.spi.FetchRequest;
import org.openhealthexchange.core.spi.ProviderAdapter;
import org.openhealthexchange.core.spi.ProviderException;
import org.openhealthexchange.core.spi.Retraction;
import org.openhealthexchange.core.spi.SyncRequest;
import org.openhealthexchange.server.connections.ConnectionCredentials;
import org.openhealthexchange.server.connections.ConnectionCursors;
import org.openhealthexchange.server.connections.ProviderConnection;
import org.openhealthexchange.server.coordination.VendorCallBudget;
import org.openhealthexchange.server.jobs.JobHandler;
import org.openhealthexchange.server.jobs.PermanentJobFailure;
import org.openhealthexchange.server.jobs.SyncJob;
import org.openhealthexchange.server.metrics.OheMetrics;
import org.openhealthexchange.server.providers.ProviderRegistry;

/**
 * Runs {@code provider.sync} jobs: fetch one link's window from its adapter, hand the records to the provider's
 * sinks batch by batch, and keep the ledger ({@code sync_run}). Failed records fail the attempt, so the job retries
 * later; idempotent sinks make the retry safe. A job for a vendor-side deletion re-fetches the window and then
 * retracts from the sinks what they hold of it and the vendor no longer has.
 */
@ApplicationScoped
public class SyncJobHandler implements JobHandler {

    private final SyncScheduler scheduler;
    private final ProviderRegistry registry;
    private final ConnectionCredentials tokens;
    private final SinkRouter sinks;
    private final OheMetrics metrics;
    private final VendorCallBudget budget;
    private final ConnectionCursors cursors;

    SyncJobHandler(
            SyncScheduler scheduler,
            ProviderRegistry registry,
            ConnectionCredentials tokens,
            SinkRouter sinks,
            OheMetrics metrics,
            VendorCallBudget budget,
            ConnectionCursors cursors) {
        this.budget = budget;
        this.cursors = cursors;
        this.scheduler = scheduler;
        this.registry = registry;
        this.tokens = tokens;
        this.sinks = sinks;
        this.metrics = metrics;
    }

    @Override
    public String type() {
        return SyncScheduler.JOB_TYPE;
    }

    @Override
    public void run(SyncJob job) throws Exception {
        var payload = scheduler.read(job.payload());
        ProviderConnection link =
                QuarkusTransaction.requiringNew().call(() -> ProviderConnection.findById(payload.linkId()));
        if (link == null || !link.active) {
            throw new PermanentJobFailure("link " + payload.linkId() + " is not active");
        }
        ProviderAdapter adapter = registry.adapter(link.provider)
                .orElseThrow(() -> new PermanentJobFailure("no adapter for provider " + link.provider));
        Set<DataType> types = types(payload.types(), adapter);
        SyncLedger ledger = SyncLedger.open(job.id(), link, payload.trigger(), job.windowStart(), job.windowEnd());
        Optional<String> cursor = "schedule".equals(payload.trigger())
                ? cursors.adapterCursor(link.id)
                : Optional.empty(); // only the daily schedule fetches incrementally
        var request = new FetchRequest(
                link.ehrUserId,
                link.externalUserId,
                job.windowStart(),
                job.windowEnd(),
                types,
                cursor,
                tokens.forConnection(link.id),
                budget);
        boolean deletion = payload.action() == SyncRequest.Action.DELETE;
        Set<String> keep = new HashSet<>();
        FetchOutcome outcome;
        try {
            outcome = adapter.fetch(request, batch -> {
                List<HealthRecord> records = new ArrayList<>(batch);
                if (deletion) {
                    records.forEach(r -> keep.add(Retraction.keepKey(ResourceKey.kindOf(r), r.sourceId())));
                }
                ledger.fetched(records.size());
                countDataPoints(link.provider, records);
                var results = sinks.publish(link, "job-" + job.id(), records);
                countSkipped(link.provider, records, results);
                ledger.published(results);
            });
        } catch (ProviderException e) {
            metrics.providerApiError(link.provider, e.kind().name().toLowerCase() + "_error");
            ledger.fail(e.kind().name().toLowerCase() + ": " + e.getMessage());
            throw e;
        } catch (RuntimeException e) {
            ledger.fail(e.getClass().getSimpleName());
            throw e;
        }
        if (deletion) {
            // The vendor deleted data in the window: what the sinks hold from it and the vendor no longer has goes.
            Set<String> kinds = new HashSet<>();
            types.forEach(t -> kinds.addAll(adapter.recordKinds(t)));
            try {
                sinks.retract(
                        link,
                        new Retraction(
                                link.provider,
                                link.ehrUserId,
                                link.externalUserId,
                                kinds,
                                job.windowStart(),
                                job.windowEnd(),
                                keep));
            } catch (RuntimeException e) {
                ledger.fail("retract: " + e.getMessage());
                throw e;
            }
        }
        ledger.requireAllPublished(); // the cursor moves only past a window that was published whole
        outcome.nextCursor().ifPresent(next -> cursors.advanceAdapterCursor(link.id, next));
        // Each data type's stream records how far it is synced completely.
        cursors.synced(link.id, types.stream().map(DataType::code).sorted().toList(), job.windowEnd());
        ledger.finish();
    }

    private static Set<DataType> types(List<String> codes, ProviderAdapter adapter) {
        if (codes.isEmpty()) {
            return adapter.capabilities().dataTypes();
        }
        Set<DataType> types = EnumSet.noneOf(DataType.class);
        codes.forEach(c -> DataType.fromCode(c).ifPresent(types::add));
        types.retainAll(adapter.capabilities().dataTypes());
        return types.isEmpty() ? adapter.capabilities().dataTypes() : types;
    }

    private void countSkipped(
            String provider, List<HealthRecord> records, List<org.openhealthexchange.core.spi.PublishResult> results) {
        java.util.Map<String, HealthRecord> bySource = new java.util.HashMap<>();
        records.forEach(r -> bySource.putIfAbsent(r.sourceId(), r));
        results.stream()
                .flatMap(r -> r.entries().stream())
                .filter(e -> e.status() == org.openhealthexchange.core.spi.PublishResult.Status.SKIPPED)
                .collect(java.util.stream.Collectors.groupingBy(
                        e -> bySource.containsKey(e.sourceId())
                                ? bySource.get(e.sourceId()).type().code()
                                : "unknown",
                        java.util.stream.Collectors.counting()))
                .forEach((type, n) -> metrics.recordsSkipped(provider, type, n));
    }

    private void countDataPoints(String provider, List<HealthRecord> records) {
        records.stream()
                .collect(java.util.stream.Collectors.groupingBy(
                        r -> r.type().code(), java.util.stream.Collectors.summingLong(SyncJobHandler::points)))
                .forEach((type, n) -> metrics.dataPoints(provider, type, n));
    }

    private static long points(HealthRecord r) {
        if (r instanceof org.openhealthexchange.core.record.Series s) {
            return s.samples().length;
        }
        if (r instanceof org.openhealthexchange.core.record.Ecg e) {
            return e.microVolts().length;
        }
        return 1;
    }
}
