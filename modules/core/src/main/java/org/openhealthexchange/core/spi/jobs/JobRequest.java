package org.openhealthexchange.core.spi.jobs;

import java.time.Duration;
import java.util.Objects;

/**
 * A job to submit.
 *
 * @param type the job type; the {@link JobHandler} of this type runs it
 * @param externalId the id the caller knows the job by (unique among all jobs kept), or null
 * @param uniqueKey held while the job is pending or running: a second job with the same key is refused; null for none
 * @param group jobs of one group count against {@code groupLimit} running at once cluster-wide; null for none
 * @param groupLimit how many jobs of {@code group} may run at once (ignored without a group)
 * @param deadline how long one attempt may run: past it the job fails with {@link JobFailure#DEADLINE}; null for the
 *     engine's default time limit (which retries)
 * @param retention how long the job stays visible after it finished; null for the engine's default
 * @param maxAttempts attempts before the job fails for good (a lease recovery after a crash counts as one); null for
 *     the engine's default
 * @param payload the job's input, a JSON object; stored as it is, so it must hold nothing secret
 */
public record JobRequest(
        String type,
        String externalId,
        String uniqueKey,
        String group,
        int groupLimit,
        Duration deadline,
        Duration retention,
        Integer maxAttempts,
        String payload) {

    public JobRequest {
        Objects.requireNonNull(type, "type");
        payload = payload == null ? "{}" : payload;
        if (group != null && groupLimit < 1) {
            throw new IllegalArgumentException("groupLimit must be at least 1");
        }
    }

    public static JobRequest of(String type, String payload) {
        return new JobRequest(type, null, null, null, 0, null, null, null, payload);
    }

    public JobRequest withExternalId(String id) {
        return new JobRequest(type, id, uniqueKey, group, groupLimit, deadline, retention, maxAttempts, payload);
    }

    public JobRequest withUniqueKey(String key) {
        return new JobRequest(type, externalId, key, group, groupLimit, deadline, retention, maxAttempts, payload);
    }

    public JobRequest inGroup(String name, int limit) {
        return new JobRequest(type, externalId, uniqueKey, name, limit, deadline, retention, maxAttempts, payload);
    }

    public JobRequest withDeadline(Duration d) {
        return new JobRequest(type, externalId, uniqueKey, group, groupLimit, d, retention, maxAttempts, payload);
    }

    public JobRequest withRetention(Duration r) {
        return new JobRequest(type, externalId, uniqueKey, group, groupLimit, deadline, r, maxAttempts, payload);
    }

    public JobRequest withMaxAttempts(int attempts) {
        return new JobRequest(type, externalId, uniqueKey, group, groupLimit, deadline, retention, attempts, payload);
    }
}
