package org.openhealthexchange.core.spi.jobs;

import java.time.Instant;

/**
 * A job as its submitter sees it.
 *
 * @param startedAt when the current (or last) attempt was claimed; null while it never ran
 * @param deadline when the current attempt must end; null without a deadline or before the first claim
 * @param lockedBy the worker running it now, or the worker whose lease ran out
 * @param progressDone what the handler last reported done, or null
 * @param progressTotal what the handler last reported in all, or null
 * @param result the result the handler set (decrypted), or null
 * @param failure why it failed, when {@link JobState#FAILED}
 * @param error the engine's error text of a failure (a handler's {@link JobFailedException} message, the deadline,
 *     the lost lease, or a stored result that cannot be decrypted)
 */
public record JobView(
        String type,
        String externalId,
        JobState state,
        String payload,
        Instant createdAt,
        Instant startedAt,
        Instant finishedAt,
        Instant deadline,
        String lockedBy,
        Integer progressDone,
        Integer progressTotal,
        String result,
        JobFailure failure,
        String error) {}
