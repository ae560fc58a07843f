package org.openhealthexchange.core.spi.jobs;

import java.time.Instant;

/** One attempt of a job, as its {@link JobHandler} sees it. */
public interface JobContext {

    String externalId();

    /** The job's payload (a JSON object) as it was submitted. */
    String payload();

    /** 1 for the first attempt. */
    int attempt();

    /** When this attempt must end, or null without a deadline. */
    Instant deadline();

    /** Throws {@link DeadlineExceededException} when the deadline has passed. */
    default void checkDeadline() {
        Instant d = deadline();
        if (d != null && Instant.now().isAfter(d)) {
            throw new DeadlineExceededException();
        }
    }

    /** Records progress, visible to {@link JobQueue#find} at once. Ignored once this worker lost the job. */
    void progress(int done, int total);

    /**
     * Records the job's result (any text, usually JSON), visible to {@link JobQueue#find} at once. The engine stores
     * it encrypted, so it may hold personal data; a failing job may set one too (e.g. the failure's detail).
     */
    void result(String result);
}
