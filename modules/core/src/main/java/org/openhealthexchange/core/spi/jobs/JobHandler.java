package org.openhealthexchange.core.spi.jobs;

/**
 * Runs the jobs of one {@link #type()}. Handlers are CDI beans, found by type; the server's job workers claim the
 * jobs and call them. A handler must be idempotent in effect: after a crash its job runs again on another node.
 * Throwing fails the attempt: a {@link JobFailedException} or a {@link DeadlineExceededException} ends the job at
 * once, anything else is retried with backoff until the job's attempts are used up.
 */
public interface JobHandler {

    /** The job type this handler runs, e.g. {@code calldoc.task}. */
    String type();

    void run(JobContext context) throws Exception;
}
