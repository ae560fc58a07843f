package org.openhealthexchange.server.jobs;

import java.time.Instant;
import java.util.Objects;

/**
 * A job to enqueue. Two enqueues with the same {@code dedupKey} make one job (the second returns the first's id),
 * which is how a vendor's repeated notification stays one sync. Jobs with the same {@code serialKey} never run at
 * the same time (one publisher per EHR subject); null runs alongside anything.
 */
public record NewJob(
        String type,
        String provider,
        String ehrUserId,
        String subject,
        Instant windowStart,
        Instant windowEnd,
        String payload,
        String dedupKey,
        Instant runAfter,
        String serialKey) {

    public NewJob {
        Objects.requireNonNull(type, "type");
        payload = payload == null ? "{}" : payload;
    }

    public NewJob(
            String type,
            String provider,
            String ehrUserId,
            String subject,
            Instant windowStart,
            Instant windowEnd,
            String payload,
            String dedupKey,
            Instant runAfter) {
        this(type, provider, ehrUserId, subject, windowStart, windowEnd, payload, dedupKey, runAfter, null);
    }

    public NewJob withSerialKey(String key) {
        return new NewJob(type, provider, ehrUserId, subject, windowStart, windowEnd, payload, dedupKey, runAfter, key);
    }

    public static NewJob of(String type, String payload) {
        return new NewJob(type, null, null, null, null, null, payload, null, null);
    }

    public NewJob withDedupKey(String key) {
        return new NewJob(
                type, provider, ehrUserId, subject, windowStart, windowEnd, payload, key, runAfter, serialKey);
    }

    public NewJob forUser(String provider, String ehrUserId, String subject) {
        return new NewJob(
                type, provider, ehrUserId, subject, windowStart, windowEnd, payload, dedupKey, runAfter, serialKey);
    }
}
