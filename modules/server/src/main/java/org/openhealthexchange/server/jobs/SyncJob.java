package org.openhealthexchange.server.jobs;

import java.time.Instant;

/**
 * A row of {@code sync_job}: one unit of durable work, claimed by exactly one worker at a time. The fields after
 * {@code finishedAt} are the job engine's (see {@code V25__one_job_engine.sql}); null for plain sync jobs.
 */
public record SyncJob(
        long id,
        String type,
        String provider,
        String ehrUserId,
        String subject,
        Instant windowStart,
        Instant windowEnd,
        String payload,
        String dedupKey,
        JobStatus status,
        int attempts,
        int maxAttempts,
        Instant runAfter,
        String lockedBy,
        Instant lockedUntil,
        String lastError,
        Instant createdAt,
        Instant updatedAt,
        Instant finishedAt,
        String externalId,
        String uniqueKey,
        String group,
        Integer groupLimit,
        Long deadlineMs,
        Instant deadline,
        Instant startedAt,
        Integer progressDone,
        Integer progressTotal,
        String resultSealed,
        String failure,
        Long retentionMs) {

    /** How long an attempt of this job may run: its own deadline, else {@code fallback}. */
    public java.time.Duration timeLimit(java.time.Duration fallback) {
        return deadlineMs == null ? fallback : java.time.Duration.ofMillis(deadlineMs);
    }
}
