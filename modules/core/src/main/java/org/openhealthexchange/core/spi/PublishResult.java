package org.openhealthexchange.core.spi;

import java.util.List;

/** The per-record outcome of a {@link PublishBatch}, in the batch's order. */
public record PublishResult(List<EntryOutcome> entries) {

    /**
     * What happened to one record at the sink. SKIPPED: the sink has no representation for it (a value without a
     * code); it is reported and counted, and never fails the window it came in.
     */
    public enum Status {
        CREATED,
        UPDATED,
        UNCHANGED,
        SKIPPED,
        FAILED
    }

    /** One record's outcome: the sink's id of what it wrote, or why it failed. */
    public record EntryOutcome(String sourceId, Status status, String targetId, String error) {}

    public PublishResult {
        entries = List.copyOf(entries);
    }

    public long count(Status status) {
        return entries.stream().filter(e -> e.status() == status).count();
    }

    public boolean allSucceeded() {
        return entries.stream().noneMatch(e -> e.status() == Status.FAILED);
    }
}
