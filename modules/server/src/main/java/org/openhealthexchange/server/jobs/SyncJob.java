package org.openhealthexchange.server.jobs;

import java.time.Instant;

/** A row of {@code sync_job}: one unit of durable work, claimed by exactly one worker at a time. */
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
        Instant finishedAt) {}
