package org.openhealthexchange.server.jobs;

import java.time.Instant;
import java.util.function.UnaryOperator;
import org.openhealthexchange.core.spi.jobs.JobContext;

/** One attempt of a claimed job as its handler sees it: progress and result go to the row while this worker holds it. */
public final class JobAttempt implements JobContext {

    private final SyncJob job;
    private final SyncJobQueue queue;
    private final String workerId;
    private final UnaryOperator<String> seal;

    JobAttempt(SyncJob job, SyncJobQueue queue, String workerId, UnaryOperator<String> seal) {
        this.job = job;
        this.queue = queue;
        this.workerId = workerId;
        this.seal = seal;
    }

    public SyncJob job() {
        return job;
    }

    @Override
    public String externalId() {
        return job.externalId();
    }

    @Override
    public String payload() {
        return job.payload();
    }

    @Override
    public int attempt() {
        return job.attempts();
    }

    @Override
    public Instant deadline() {
        return job.deadline();
    }

    @Override
    public void progress(int done, int total) {
        queue.progress(job.id(), workerId, done, total);
    }

    @Override
    public void result(String result) {
        queue.result(job.id(), workerId, result == null ? null : seal.apply(result));
    }
}
