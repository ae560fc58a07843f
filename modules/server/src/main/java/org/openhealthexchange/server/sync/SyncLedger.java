package org.openhealthexchange.server.sync;

import io.quarkus.narayana.jta.QuarkusTransaction;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.openhealthexchange.core.spi.PublishResult;
import org.openhealthexchange.server.connections.ProviderConnection;

/**
 * The {@code sync_run} row of one attempt, updated as batches are published. Each write commits on its own, so the
 * status endpoints see progress and a crashed attempt leaves a visible trace.
 */
final class SyncLedger {

    private static final int MAX_ERRORS = 20;

    private final long runId;
    private int fetched;
    private int synced;
    private int failed;
    private int skippedCount;
    private final List<String> errors = new ArrayList<>();
    private final List<String> skipped = new ArrayList<>();

    private SyncLedger(long runId) {
        this.runId = runId;
    }

    static SyncLedger open(long jobId, ProviderConnection link, String trigger, Instant start, Instant end) {
        long id = QuarkusTransaction.requiringNew().call(() -> {
            SyncRun run = new SyncRun();
            run.jobId = jobId;
            run.provider = link.provider;
            run.ehrUserId = link.ehrUserId;
            run.linkId = link.id;
            run.trigger = trigger;
            run.windowStart = start;
            run.windowEnd = end;
            run.status = "running";
            run.startedAt = Instant.now();
            run.persist();
            return run.id;
        });
        return new SyncLedger(id);
    }

    void fetched(int n) {
        fetched += n;
    }

    void published(List<PublishResult> results) {
        for (PublishResult r : results) {
            for (var e : r.entries()) {
                if (e.status() == PublishResult.Status.FAILED) {
                    failed++;
                    if (errors.size() < MAX_ERRORS) {
                        errors.add(e.sourceId() + ": " + e.error());
                    }
                } else if (e.status() == PublishResult.Status.SKIPPED) {
                    skippedCount++;
                    String reason = e.sourceId() + ": " + e.error();
                    if (skipped.size() < MAX_ERRORS && !skipped.contains(reason)) {
                        skipped.add(reason);
                    }
                } else {
                    synced++;
                }
            }
        }
        write("running");
    }

    void fail(String error) {
        if (errors.size() < MAX_ERRORS) {
            errors.add(error);
        }
        write("failed");
    }

    /**
     * Throws when records failed, so the job is retried (and nothing that depends on the window being published,
     * the sync cursor, moves); the message carries the sinks' first reason (e.g. the EHR's OperationOutcome).
     */
    void requireAllPublished() throws SyncIncompleteException {
        if (failed > 0) {
            write("failed");
            throw new SyncIncompleteException(
                    failed + " record(s) were not accepted by a sink; first: " + errors.get(0));
        }
    }

    /** Completes the run; throws when records failed, so the job is retried. */
    void finish() throws SyncIncompleteException {
        requireAllPublished();
        write("completed");
    }

    private void write(String status) {
        QuarkusTransaction.requiringNew().run(() -> {
            SyncRun run = SyncRun.findById(runId);
            run.status = status;
            run.recordsFetched = fetched;
            run.recordsSynced = synced;
            run.recordsFailed = failed;
            run.errors = new ArrayList<>(errors);
            run.recordsSkipped = skippedCount;
            run.skipped = new ArrayList<>(skipped);
            if (!"running".equals(status)) {
                run.finishedAt = Instant.now();
            }
        });
    }

    /** Some records were not published; the attempt fails and is retried. */
    static final class SyncIncompleteException extends Exception {
        SyncIncompleteException(String message) {
            super(message);
        }
    }
}
