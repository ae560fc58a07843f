package org.openhealthexchange.server.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openhealthexchange.core.spi.jobs.JobContext;
import org.openhealthexchange.core.spi.jobs.JobFailure;
import org.openhealthexchange.core.spi.jobs.JobState;
import org.openhealthexchange.core.spi.jobs.JobView;
import org.openhealthexchange.server.vault.TokenVault;
import org.openhealthexchange.testkit.MutableClock;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The job engine's properties for provider tasks (issue 11): uniqueness keys held while active, group limits held
 * across nodes at claim time, deadlines, crash recovery by lease, progress and results, retention. The
 * application's own worker is off; each test runs its workers ({@link JobWorker}s on separate connection pools
 * stand in for separate nodes) and waits for states, never for times.
 */
@QuarkusTest
@TestProfile(JobQueueIT.NoNodeWorker.class)
class JobEngineIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Inject
    AgroalDataSource dataSource;

    @Inject
    TokenVault vault;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    @ConfigProperty(name = "quarkus.datasource.username")
    String user;

    private final List<JobWorker> workers = new ArrayList<>();
    private final List<CountDownLatch> releases = new ArrayList<>();

    @AfterEach
    void stopWorkers() {
        releases.forEach(CountDownLatch::countDown);
        workers.forEach(w -> w.stop(Duration.ofSeconds(5)));
        workers.clear();
    }

    private SyncJobQueue queue() {
        return new SyncJobQueue(dataSource);
    }

    private SyncJobQueue queueOnSeparatePool() {
        var ds = new PGSimpleDataSource();
        ds.setUrl(jdbcUrl);
        ds.setUser(user);
        ds.setPassword(System.getenv().getOrDefault("OHE_TEST_PG_PASSWORD", ""));
        return new SyncJobQueue(ds);
    }

    private JobViews views(Clock clock) {
        return new JobViews(queue(), vault::decrypt, clock, Duration.ofDays(7));
    }

    /** A module's handler body, run with its attempt as the server's workers run it. */
    @FunctionalInterface
    interface Body {
        void run(JobContext context) throws Exception;
    }

    private JobWorker start(SyncJobQueue queue, String id, String type, Body body) {
        var settings = new JobWorker.Settings(
                4,
                Duration.ofMillis(50),
                Duration.ofSeconds(30),
                Duration.ofMillis(200),
                new Backoff(Duration.ofMillis(50), Duration.ofMillis(200)),
                Duration.ofSeconds(30),
                Duration.ofSeconds(10));
        JobHandler handler = JobQueueService.adapt(new org.openhealthexchange.core.spi.jobs.JobHandler() {
            @Override
            public String type() {
                return type;
            }

            @Override
            public void run(JobContext context) throws Exception {
                body.run(context);
            }
        });
        Function<String, Optional<JobHandler>> lookup = t -> t.equals(type) ? Optional.of(handler) : Optional.empty();
        var worker = new JobWorker(queue, lookup, settings, id, (job, outcome, took) -> {});
        worker.sealResultsWith(vault::encrypt);
        workers.add(worker);
        worker.start();
        return worker;
    }

    private CountDownLatch release() {
        CountDownLatch latch = new CountDownLatch(1);
        releases.add(latch);
        return latch;
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(WAIT);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("Gave up waiting for: " + what);
            }
            Thread.sleep(20);
        }
    }

    private SyncJobQueue.Submitted submit(
            String type, String externalId, String uniqueKey, String group, Duration deadline, Duration retention) {
        return queue().submit(
                        NewJob.of(type, "{}"),
                        2,
                        externalId,
                        uniqueKey,
                        group,
                        group == null ? null : 4,
                        deadline,
                        retention);
    }

    private Optional<JobView> find(String type, String externalId) {
        return views(Clock.systemUTC()).find(type, externalId);
    }

    private JobState state(String type, String externalId) {
        return find(type, externalId).map(JobView::state).orElse(null);
    }

    @Test
    void aUniquenessKeyRefusesASecondActiveJobAndIsReleasedWhenTheFirstFinished() throws Exception {
        String type = "test.unique-" + UUID.randomUUID();
        String key = "day:" + UUID.randomUUID();
        assertNull(submit(type, "a", key, null, null, null).refusal());
        SyncJobQueue.Submitted second = submit(type, "b", key, null, null, null);
        assertEquals(SyncJobQueue.Submitted.Refusal.DUPLICATE, second.refusal());
        assertEquals("a", second.externalId(), "the refusal names the active job");
        assertEquals(
                SyncJobQueue.Submitted.Refusal.ID_TAKEN,
                submit(type, "a", "other:" + UUID.randomUUID(), null, null, null)
                        .refusal());

        CountDownLatch release = release();
        start(queue(), "node-a", type, ctx -> release.await());
        await("a runs", () -> state(type, "a") == JobState.RUNNING);
        assertEquals(
                SyncJobQueue.Submitted.Refusal.DUPLICATE,
                submit(type, "c", key, null, null, null).refusal(),
                "a running job holds the key too");
        release.countDown();
        await("a succeeded", () -> state(type, "a") == JobState.SUCCEEDED);

        assertNull(submit(type, "d", key, null, null, null).refusal(), "the key is free once a finished");
        await("d succeeded", () -> state(type, "d") == JobState.SUCCEEDED);
    }

    @Test
    void aGroupLimitOfFourHoldsAcrossTwoNodesAtClaimTime() throws Exception {
        String type = "test.group-" + UUID.randomUUID();
        String group = "g-" + UUID.randomUUID().toString().substring(0, 8);
        for (int i = 0; i < 6; i++) {
            assertNull(submit(type, type + "-" + i, null, group, Duration.ofSeconds(60), null)
                    .refusal());
        }
        AtomicInteger running = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        CountDownLatch fourStarted = new CountDownLatch(4);
        CountDownLatch release = release();
        Body body = ctx -> {
            peak.accumulateAndGet(running.incrementAndGet(), Math::max);
            fourStarted.countDown();
            try {
                release.await();
            } finally {
                running.decrementAndGet();
            }
        };
        start(queue(), "node-a", type, body);
        start(queueOnSeparatePool(), "node-b", type, body);
        assertTrue(fourStarted.await(60, TimeUnit.SECONDS), "four jobs of the group started");

        assertEquals(4, count("status = 'running' AND job_group = '" + group + "'"));
        assertEquals(2, count("status = 'pending' AND job_group = '" + group + "'"));
        // A third node claiming now gets nothing of the group: the limit is checked in the claim itself.
        List<SyncJob> probe = queueOnSeparatePool().claim("node-c", 10, Duration.ofSeconds(30));
        assertFalse(probe.stream().anyMatch(j -> group.equals(j.group())), "a fifth job of the group was claimed");
        for (SyncJob other : probe) { // jobs of other tests: back as they were
            update("UPDATE sync_job SET status = 'pending', attempts = attempts - 1, locked_by = NULL,"
                    + " locked_until = NULL WHERE id = " + other.id());
        }

        release.countDown();
        await("all six finished", () -> count("status = 'succeeded' AND job_group = '" + group + "'") == 6);
        assertEquals(4, peak.get(), "never more than four at once, on both nodes together");
    }

    @Test
    void anAttemptPastItsDeadlineIsStoppedAndTheJobFailsWithDeadline() throws Exception {
        String type = "test.deadline-" + UUID.randomUUID();
        assertNull(
                submit(type, "slow", null, null, Duration.ofMillis(300), null).refusal());
        CountDownLatch interrupted = new CountDownLatch(1);
        start(queue(), "node-a", type, ctx -> {
            try {
                new CountDownLatch(1).await(); // never released: only the deadline ends it
            } catch (InterruptedException e) {
                interrupted.countDown();
                throw e;
            }
        });
        await("the job failed", () -> state(type, "slow") == JobState.FAILED);
        JobView view = find(type, "slow").orElseThrow();
        assertEquals(JobFailure.DEADLINE, view.failure());
        assertTrue(view.error().startsWith("deadline exceeded"), view.error());
        assertTrue(interrupted.await(60, TimeUnit.SECONDS), "the handler's thread was interrupted");
        assertEquals(1, count("external_id = 'slow' AND job_type = '" + type + "' AND attempts = 1"), "no retry");
    }

    @Test
    void aJobWhoseNodeCrashedIsRecoveredByLeaseAndRunsAgain() throws Exception {
        String type = "test.crash-" + UUID.randomUUID();
        String key = "k:" + UUID.randomUUID();
        assertNull(submit(
                        type,
                        "crashing",
                        key,
                        "g-" + UUID.randomUUID().toString().substring(0, 8),
                        Duration.ofSeconds(60),
                        null)
                .refusal());
        // node-x claimed it and died: running, attempt 1, its lease over.
        update("UPDATE sync_job SET status = 'running', attempts = 1, locked_by = 'node-x', started_at = now(),"
                + " deadline = now() + interval '60 seconds', locked_until = now() - interval '1 second'"
                + " WHERE job_type = '" + type + "'");
        assertEquals(
                SyncJobQueue.Submitted.Refusal.DUPLICATE,
                submit(type, "second", key, null, null, null).refusal());

        List<Integer> attempts = new java.util.concurrent.CopyOnWriteArrayList<>();
        start(queue(), "node-a", type, ctx -> attempts.add(ctx.attempt()));
        await("the job ran again and succeeded", () -> state(type, "crashing") == JobState.SUCCEEDED);
        assertEquals(List.of(2), attempts);
    }

    @Test
    void theLastAttemptsLostLeaseFailsTheJobWithLeaseExpired() throws Exception {
        String type = "test.crash-last-" + UUID.randomUUID();
        assertNull(
                submit(type, "gone", null, null, Duration.ofSeconds(60), null).refusal());
        update("UPDATE sync_job SET status = 'running', attempts = 2, locked_by = 'node-y', started_at = now(),"
                + " deadline = now() + interval '60 seconds', locked_until = now() - interval '1 second'"
                + " WHERE job_type = '" + type + "'");
        assertEquals(1, queue().recoverExpiredLeases() > 0 ? 1 : 0);
        JobView view = find(type, "gone").orElseThrow();
        assertEquals(JobState.FAILED, view.state());
        assertEquals(JobFailure.LEASE_EXPIRED, view.failure());
        assertTrue(view.error().contains("node-y"), view.error());
    }

    @Test
    void progressAndTheSealedResultAreVisibleWhileAndAfterTheJobRuns() throws Exception {
        String type = "test.progress-" + UUID.randomUUID();
        assertNull(submit(type, "p", null, null, Duration.ofSeconds(60), null).refusal());
        CountDownLatch reported = new CountDownLatch(1);
        CountDownLatch release = release();
        start(queue(), "node-a", type, ctx -> {
            ctx.progress(3, 7);
            reported.countDown();
            release.await();
            ctx.result("{\"patient\":\"Wippel\"}");
        });
        assertTrue(reported.await(60, TimeUnit.SECONDS));
        JobView running = find(type, "p").orElseThrow();
        assertEquals(JobState.RUNNING, running.state());
        assertEquals(3, running.progressDone());
        assertEquals(7, running.progressTotal());
        assertTrue(running.deadline() != null && running.startedAt() != null);
        release.countDown();
        await("p succeeded", () -> state(type, "p") == JobState.SUCCEEDED);
        assertEquals("{\"patient\":\"Wippel\"}", find(type, "p").orElseThrow().result());
        assertEquals(0, count("job_type = '" + type + "' AND row_to_json(sync_job)::text LIKE '%Wippel%'"));
    }

    @Test
    void aFinishedJobIsVisibleForItsRetentionThenGone() throws Exception {
        String type = "test.retention-" + UUID.randomUUID();
        assertNull(submit(type, "r", null, null, Duration.ofSeconds(60), Duration.ofMinutes(5))
                .refusal());
        start(queue(), "node-a", type, ctx -> ctx.result("{}"));
        await("r succeeded", () -> state(type, "r") == JobState.SUCCEEDED);

        MutableClock clock = new MutableClock(Instant.now());
        JobViews views = views(clock);
        assertTrue(views.find(type, "r").isPresent());
        clock.advance(Duration.ofMinutes(4));
        assertTrue(views.find(type, "r").isPresent(), "visible within its retention");
        assertEquals(1, views.visible(type).size());
        clock.advance(Duration.ofMinutes(2));
        assertTrue(views.find(type, "r").isEmpty(), "gone after its retention");
        assertEquals(List.of(), views.visible(type));
        assertTrue(queue().purgeExpiredRetention(clock.instant()) >= 1);
        assertEquals(0, count("job_type = '" + type + "'"), "and deleted with its result");
    }

    private long count(String where) {
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM sync_job WHERE " + where)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private void update(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
