package org.openhealthexchange.server.jobs;

/**
 * Runs jobs of one {@link #type()}. Handlers are CDI beans; a handler must be idempotent in effect, because a job
 * whose worker vanished mid-run is run again by another node.
 */
public interface JobHandler {

    /** The job type this handler runs, e.g. {@code withings.sync}. */
    String type();

    /** Runs one job; throwing fails the attempt ({@link PermanentJobFailure}: dead-letter at once). */
    void run(SyncJob job) throws Exception;

    /** Runs one attempt with its context (progress, result, deadline); plain handlers need only the job. */
    default void run(SyncJob job, JobAttempt attempt) throws Exception {
        run(job);
    }
}
