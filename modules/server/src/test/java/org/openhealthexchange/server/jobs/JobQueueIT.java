package org.openhealthexchange.server.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The job queue against a real PostgreSQL, with this node's own worker switched off so that each test controls the
 * workers: two of them on separate connection pools stand in for two server processes on one database.
 */
@QuarkusTest
@TestProfile(JobQueueIT.NoNodeWorker.class)
class JobQueueIT {

    /** No worker of the application itself: the tests start their own. */
    public static class NoNodeWorker implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("ohe.jobs.enabled", "false");
        }
    }

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Inject
    AgroalDataSource dataSource;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    @ConfigProperty(name = "quarkus.datasource.username")
    String user;

    private final List<JobWorker> workers = new ArrayList<>();

    @AfterEach
    void stopWorkers() {
        workers.forEach(w -> w.stop(Duration.ofSeconds(5)));
        workers.clear();
    }

    private SyncJobQueue queue() {
        return new SyncJobQueue(dataSource);
    }

    /** A queue on a connection pool of its own, as a second server process would have. */
    private SyncJobQueue queueOnSeparatePool() {
        var ds = new PGSimpleDataSource();
        ds.setUrl(jdbcUrl);
        ds.setUser(user);
        ds.setPassword(System.getenv().getOrDefault("OHE_TEST_PG_PASSWORD", ""));
        return new SyncJobQueue(ds);
    }

    private JobWorker start(SyncJobQueue queue, String id, Duration timeout, Map<String, JobHandler> handlers) {
        var settings = new JobWorker.Settings(
                4,
                Duration.ofMillis(50),
                timeout,
                Duration.ofMillis(200),
                new Backoff(Duration.ofMillis(50), Duration.ofMillis(200)));
        Function<String, Optional<JobHandler>> lookup = type -> Optional.ofNullable(handlers.get(type));
        var worker = new JobWorker(queue, lookup, settings, id, (job, outcome, took) -> {});
        workers.add(worker);
        worker.start();
        return worker;
    }

    private static JobHandler handler(String type, JobHandlerBody body) {
        return new JobHandler() {
            @Override
            public String type() {
                return type;
            }

            @Override
            public void run(SyncJob job) throws Exception {
                body.run(job);
            }
        };
    }

    @FunctionalInterface
    interface JobHandlerBody {
        void run(SyncJob job) throws Exception;
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(WAIT);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("Gave up waiting for: " + what);
            }
            Thread.sleep(50);
        }
    }

    private long enqueue(String type, String dedupKey, int maxAttempts) {
        return queue().enqueue(NewJob.of(type, "{\"n\":1}").withDedupKey(dedupKey), maxAttempts)
                .jobId();
    }

    @Test
    void twoWorkersOnOneDatabaseNeverRunTheSameJobTwice() throws Exception {
        String type = "test.count-" + System.nanoTime();
        int jobs = 300;
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < jobs; i++) {
            ids.add(enqueue(type, null, 3));
        }
        Map<Long, List<String>> runs = new ConcurrentHashMap<>();
        JobHandler counting = handler(type, job -> {
            runs.computeIfAbsent(job.id(), k -> new CopyOnWriteArrayList<>())
                    .add(Thread.currentThread().getName());
            Thread.sleep(2);
        });
        start(queue(), "node-a", Duration.ofSeconds(30), Map.of(type, counting));
        start(queueOnSeparatePool(), "node-b", Duration.ofSeconds(30), Map.of(type, counting));

        await("all jobs succeeded", () -> ids.stream()
                .allMatch(id -> queue().find(id).orElseThrow().status() == JobStatus.SUCCEEDED));

        assertEquals(jobs, runs.size());
        runs.forEach((id, by) -> assertEquals(1, by.size(), () -> "job " + id + " ran on " + by));
        ids.forEach(id -> assertEquals(1, queue().find(id).orElseThrow().attempts()));
        long onA = runs.values().stream()
                .filter(by -> by.get(0).startsWith("node-a"))
                .count();
        long onB = runs.values().stream()
                .filter(by -> by.get(0).startsWith("node-b"))
                .count();
        assertTrue(onA > 0 && onB > 0, "both workers took jobs: a=" + onA + " b=" + onB);
    }

    @Test
    void jobsOfOneSerialKeyNeverRunAtOnceEvenOnTwoNodes() throws Exception {
        String type = "test.serial-" + System.nanoTime();
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            var job = NewJob.of(type, "{\"n\":" + i + "}").withSerialKey("ehr-user:" + type + ":" + (i % 4));
            ids.add(queue().enqueue(job, 3).jobId());
        }
        Map<String, java.util.concurrent.atomic.AtomicInteger> running = new ConcurrentHashMap<>();
        List<String> overlaps = new CopyOnWriteArrayList<>();
        JobHandler serial = handler(type, job -> {
            String key = "k" + (Integer.parseInt(job.payload().replaceAll("\\D", "")) % 4);
            int now = running.computeIfAbsent(key, k -> new java.util.concurrent.atomic.AtomicInteger())
                    .incrementAndGet();
            if (now > 1) {
                overlaps.add(key + " ran " + now + " at once");
            }
            Thread.sleep(5); // gives a second claim of the same key every chance to run alongside
            running.get(key).decrementAndGet();
        });
        start(queue(), "node-a", Duration.ofSeconds(30), Map.of(type, serial));
        start(queueOnSeparatePool(), "node-b", Duration.ofSeconds(30), Map.of(type, serial));

        await("all jobs succeeded", () -> ids.stream()
                .allMatch(id -> queue().find(id).orElseThrow().status() == JobStatus.SUCCEEDED));
        assertEquals(List.of(), overlaps);
    }

    @Test
    void aForcedEnqueueRunsAFinishedJobAgainWhileAPendingOneAbsorbsIt() throws Exception {
        String key = "backfill:forced:" + System.nanoTime();
        var job = NewJob.of("test.ok", null).withDedupKey(key);
        var first = queue().enqueue(job, 3);
        assertFalse(queue().enqueue(job, 3, true).created(), "a pending job absorbs even a forced request");
        try (var c = dataSource.getConnection();
                var ps = c.prepareStatement(
                        "UPDATE sync_job SET status = 'succeeded', finished_at = now() WHERE id = ?")) {
            ps.setLong(1, first.jobId());
            ps.executeUpdate();
        }
        assertEquals(first.jobId(), queue().enqueue(job, 3).jobId(), "unforced: the finished job answers");
        var again = queue().enqueue(job, 3, true);
        assertTrue(again.created());
        assertTrue(again.jobId() != first.jobId());
        assertEquals(
                JobStatus.SUCCEEDED, queue().find(first.jobId()).orElseThrow().status(), "history is kept");
    }

    @Test
    void enqueueingTheSameDedupKeyTwiceMakesOneJob() {
        String key = "withings:1234:2025-10-06T00:00Z/2025-10-07T00:00Z:" + System.nanoTime();
        var first = queue().enqueue(NewJob.of("test.ok", null).withDedupKey(key), 3);
        var second = queueOnSeparatePool().enqueue(NewJob.of("test.ok", null).withDedupKey(key), 3);
        assertTrue(first.created());
        assertFalse(second.created());
        assertEquals(first.jobId(), second.jobId());
    }

    @Test
    void failingJobsAreRetriedWithBackoffAndDeadLetteredAfterTheLastAttempt() throws Exception {
        String type = "test.flaky-" + System.nanoTime();
        long id = enqueue(type, null, 3);
        List<Instant> attempts = new CopyOnWriteArrayList<>();
        start(queue(), "node-f", Duration.ofSeconds(30), Map.of(type, handler(type, job -> {
            attempts.add(Instant.now());
            throw new IllegalStateException("vendor answered 503");
        })));
        await("dead-lettered", () -> queue().find(id).orElseThrow().status() == JobStatus.DEAD);
        SyncJob dead = queue().find(id).orElseThrow();
        assertEquals(3, dead.attempts());
        assertEquals(3, attempts.size());
        assertTrue(dead.lastError().contains("vendor answered 503"), dead.lastError());
        assertTrue(dead.finishedAt() != null);
        // the second retry waited at least the doubled base delay (100 ms) after the second attempt
        assertTrue(
                Duration.between(attempts.get(1), attempts.get(2)).toMillis() >= 100, () -> "attempts at " + attempts);
    }

    @Test
    void aPermanentFailureDeadLettersAtOnce() throws Exception {
        String type = "test.refused-" + System.nanoTime();
        long id = enqueue(type, null, 5);
        start(queue(), "node-p", Duration.ofSeconds(30), Map.of(type, handler(type, job -> {
            throw new PermanentJobFailure("grant revoked");
        })));
        await("dead-lettered", () -> queue().find(id).orElseThrow().status() == JobStatus.DEAD);
        assertEquals(1, queue().find(id).orElseThrow().attempts());
    }

    @Test
    void aJobOfAnUnknownTypeIsDeadLettered() throws Exception {
        long id = enqueue("test.nobody-handles-" + System.nanoTime(), null, 5);
        start(queue(), "node-u", Duration.ofSeconds(30), Map.of());
        await("dead-lettered", () -> queue().find(id).orElseThrow().status() == JobStatus.DEAD);
        assertTrue(queue().find(id).orElseThrow().lastError().contains("no handler"));
    }

    @Test
    void aJobPastItsTimeoutIsInterruptedAndCountsAsAFailedAttempt() throws Exception {
        String type = "test.hangs-" + System.nanoTime();
        long id = enqueue(type, null, 1);
        AtomicBoolean interrupted = new AtomicBoolean();
        start(queue(), "node-t", Duration.ofMillis(300), Map.of(type, handler(type, job -> {
            try {
                Thread.sleep(30_000);
            } catch (InterruptedException e) {
                interrupted.set(true);
                throw e;
            }
        })));
        await("timed out", () -> queue().find(id).orElseThrow().status() == JobStatus.DEAD);
        assertTrue(queue().find(id).orElseThrow().lastError().contains("timed out"));
        await("handler interrupted", interrupted::get);
    }

    @Test
    void aJobWhoseWorkerDiedIsRecoveredWhenItsLeaseRunsOut() throws Exception {
        String type = "test.orphan-" + System.nanoTime();
        long id = enqueue(type, null, 3);
        // A worker claims the job and "crashes": it never reports back.
        List<SyncJob> claimed = queue().claim("crashed-node", 1000, Duration.ofMillis(200));
        assertTrue(claimed.stream().anyMatch(j -> j.id() == id));
        claimed.stream().filter(j -> j.id() != id).forEach(j -> queue().fail(
                        j.id(), "crashed-node", "test", Duration.ZERO, false)); // give back what this test does not own

        Set<Long> ran = ConcurrentHashMap.newKeySet();
        start(
                queueOnSeparatePool(),
                "node-r",
                Duration.ofSeconds(30),
                Map.of(type, handler(type, job -> ran.add(job.id()))));
        await("recovered and run", () -> queue().find(id).orElseThrow().status() == JobStatus.SUCCEEDED);
        assertEquals(2, queue().find(id).orElseThrow().attempts());
        assertTrue(ran.contains(id));
        // the crashed node, back from the dead, can no longer report on a job it lost
        assertFalse(queue().complete(id, "crashed-node"));
    }

    @Test
    void aDeadJobCanBeRequeuedAndFinishedJobsArePurgedAfterRetention() throws Exception {
        String type = "test.requeue-" + System.nanoTime();
        long id = enqueue(type, null, 1);
        AtomicBoolean healthy = new AtomicBoolean(false);
        start(queue(), "node-q", Duration.ofSeconds(30), Map.of(type, handler(type, job -> {
            if (!healthy.get()) {
                throw new IllegalStateException("down");
            }
        })));
        await("dead", () -> queue().find(id).orElseThrow().status() == JobStatus.DEAD);
        healthy.set(true);
        assertTrue(queue().requeueDead(id));
        assertFalse(queue().requeueDead(id), "only dead jobs are requeued");
        await("succeeded after requeue", () -> queue().find(id).orElseThrow().status() == JobStatus.SUCCEEDED);

        queue().purgeFinishedBefore(Instant.now().minus(Duration.ofDays(1)));
        assertTrue(queue().find(id).isPresent(), "a job finished just now is kept");
        queue().purgeFinishedBefore(Instant.now().plusSeconds(1));
        assertTrue(queue().find(id).isEmpty(), "a job finished before the cutoff is deleted");
    }
}
