package org.openhealthexchange.server.testing;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.openhealthexchange.server.jobs.JobHandler;
import org.openhealthexchange.server.jobs.PermanentJobFailure;
import org.openhealthexchange.server.jobs.SyncJob;

/** Job handlers for tests: one that succeeds and counts, one that always fails, one that refuses for good. */
public final class RecordingJobHandlers {

    /** Runs per job id, across every handler here. */
    public static final ConcurrentHashMap<Long, AtomicInteger> RUNS = new ConcurrentHashMap<>();

    private RecordingJobHandlers() {}

    static void count(SyncJob job) {
        RUNS.computeIfAbsent(job.id(), k -> new AtomicInteger()).incrementAndGet();
    }

    /** Succeeds. */
    @ApplicationScoped
    public static class Ok implements JobHandler {
        @Override
        public String type() {
            return "test.ok";
        }

        @Override
        public void run(SyncJob job) {
            count(job);
        }
    }

    /** Fails every attempt with a transient error. */
    @ApplicationScoped
    public static class Flaky implements JobHandler {
        @Override
        public String type() {
            return "test.always-fails";
        }

        @Override
        public void run(SyncJob job) {
            count(job);
            throw new IllegalStateException("vendor answered 503");
        }
    }

    /** Fails for good on the first attempt. */
    @ApplicationScoped
    public static class Refused implements JobHandler {
        @Override
        public String type() {
            return "test.refused";
        }

        @Override
        public void run(SyncJob job) throws PermanentJobFailure {
            count(job);
            throw new PermanentJobFailure("grant revoked");
        }
    }
}
