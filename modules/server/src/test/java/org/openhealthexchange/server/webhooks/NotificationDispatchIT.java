package org.openhealthexchange.server.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openhealthexchange.core.record.DataType;
import org.openhealthexchange.core.spi.SyncRequest;
import org.openhealthexchange.server.connections.ProviderConnection;
import org.openhealthexchange.server.jobs.JobQueueService;
import org.openhealthexchange.server.sync.SyncScheduler;

/**
 * The dispatcher and the coalescing enqueue driven synchronously against the real PostgreSQL: no worker and no
 * dispatcher thread of the application run (jobs disabled), so each test decides when a batch is delivered and
 * every assertion reads the final tables.
 */
@QuarkusTest
@TestProfile(NotificationDispatchIT.Profile.class)
class NotificationDispatchIT {

    /** No worker, no dispatcher thread; a poison row is quarantined on its second failure, retried at once. */
    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "ohe.jobs.enabled",
                    "false",
                    "ohe.notifications.max-attempts",
                    "2",
                    "ohe.notifications.retry-delay",
                    "PT0S",
                    "ohe.notifications.max-jobs-per-batch",
                    "4");
        }
    }

    private static final AtomicLong IDS = new AtomicLong(System.nanoTime() % 1_000_000_000L);

    @Inject
    AgroalDataSource dataSource;

    @Inject
    WebhookDispatcher dispatcher;

    @Inject
    SyncScheduler scheduler;

    @Inject
    JobQueueService jobs;

    @BeforeEach
    void nothingLeftOverWaitsForDispatch() throws SQLException {
        update("UPDATE webhook_event SET status = 'ignored' WHERE status = 'received'");
    }

    @Test
    void aPoisonRowIsQuarantinedAndTheRowsAfterItAreStillDispatched() throws Exception {
        long good1 = event(link("q-good-1"), recent(), "weight", "sync");
        // Stored facts that make the dispatch throw: an action this version does not know.
        long poison = event(link("q-poison"), recent(), "", "bogus");
        long good2 = event(link("q-good-2"), recent(), "", "sync");

        dispatcher.dispatchBatch();

        assertEquals("dispatched", status(good1));
        assertEquals("dispatched", status(good2));
        assertEquals(1, jobsOf(good1), "the rows around the poison got their jobs");
        assertEquals(1, jobsOf(good2));
        assertEquals("quarantined", status(poison));
        assertEquals(2, count("SELECT dispatch_attempts FROM webhook_event WHERE id = " + poison));
        assertTrue(text("SELECT dispatch_error FROM webhook_event WHERE id = " + poison)
                .contains("BOGUS"));
        assertTrue(jobs.queue().stats().webhookQuarantined() >= 1);

        // The pipeline keeps flowing and the quarantined row is not tried again.
        long later = event(link("q-later"), recent(), "", "sync");
        dispatcher.dispatchBatch();
        assertEquals("dispatched", status(later));
        assertEquals("quarantined", status(poison));
        assertEquals(2, count("SELECT dispatch_attempts FROM webhook_event WHERE id = " + poison));
    }

    @Test
    void aBatchThatFailsMidwayCommitsNothingOfIt() throws Exception {
        String u1 = link("m-1");
        String u2 = link("m-2");
        long e1 = event(u1, recent(), "", "sync");
        long e2 = event(u2, recent(), "", "sync");
        long poison = event(link("m-poison"), recent(), "", "bogus");
        long e4 = event(link("m-4"), recent(), "", "sync");

        List<Long> claimed = new ArrayList<>();
        // The first two rows' jobs were queued on the batch's connection before the third row failed.
        assertThrows(IllegalArgumentException.class, () -> dispatcher.attempt(null, claimed));

        assertEquals(List.of(e1, e2, poison, e4), claimed);
        assertEquals(
                0,
                count("SELECT count(*) FROM sync_job WHERE subject IN ('" + u1 + "', '" + u2 + "')"),
                "no job of the failed batch was committed");
        for (long id : claimed) {
            assertEquals("received", status(id));
            assertEquals(0, count("SELECT dispatch_attempts FROM webhook_event WHERE id = " + id));
        }
    }

    @Test
    void aNotificationFrom1970ToTheFarFutureMakesABoundedNumberOfJobs() throws Exception {
        String user = link("far-1");
        long far = event(user, new Instant[] {Instant.EPOCH, Instant.ofEpochSecond(999_999_999_999L)}, "", "sync");
        dispatcher.dispatchBatch();
        assertEquals("dispatched", status(far));
        long made = count("SELECT count(*) FROM sync_job WHERE subject = '" + user + "'");
        assertTrue(made >= 1 && made <= 2, "a 7-day window is at most two chunks, got " + made);
        Instant earliest = Instant.now().minus(Duration.ofDays(8));
        Instant latest = Instant.now().plus(Duration.ofMinutes(10));
        assertEquals(
                0,
                count("SELECT count(*) FROM sync_job WHERE subject = '" + user + "' AND (window_start < '" + earliest
                        + "' OR window_end > '" + latest + "')"),
                "windows within the span and now");
    }

    @Test
    void aBatchStopsTakingRowsOnceItQueuedItsJobLimit() throws Exception {
        List<Long> events = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            events.add(event(link("cap-" + i), recent(), "", "sync"));
        }
        var first = dispatcher.attempt(null, new ArrayList<>());
        assertEquals(4, first.handled(), "max-jobs-per-batch=4, one job per row");
        assertTrue(first.more());
        assertEquals(
                2,
                events.stream()
                        .filter(id -> uncheckedStatus(id).equals("received"))
                        .count());
        dispatcher.attempt(null, new ArrayList<>());
        assertTrue(events.stream().allMatch(id -> uncheckedStatus(id).equals("dispatched")));
    }

    @Test
    void twoConcurrentEnqueuesForOneLinkNeverMakeTwoPendingJobs() throws Exception {
        Instant base = Instant.now()
                .truncatedTo(ChronoUnit.DAYS)
                .minus(Duration.ofDays(2))
                .plus(Duration.ofHours(6));
        List<ProviderConnection> links = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 40; round++) {
                ProviderConnection link = detachedLink();
                links.add(link);
                CyclicBarrier together = new CyclicBarrier(2);
                Instant a = base.plus(Duration.ofMinutes(round));
                List<Future<List<Long>>> answers = List.of(
                        pool.submit(() -> {
                            together.await(30, TimeUnit.SECONDS);
                            return scheduler.notified(
                                    link,
                                    a,
                                    a.plus(Duration.ofHours(1)),
                                    Set.of(DataType.WEIGHT),
                                    "a-" + UUID.randomUUID(),
                                    SyncRequest.Action.SYNC);
                        }),
                        pool.submit(() -> {
                            together.await(30, TimeUnit.SECONDS);
                            return scheduler.notified(
                                    link,
                                    a.plus(Duration.ofMinutes(30)),
                                    a.plus(Duration.ofHours(2)),
                                    Set.of(DataType.BLOOD_PRESSURE),
                                    "b-" + UUID.randomUUID(),
                                    SyncRequest.Action.SYNC);
                        }));
                List<Long> first = answers.get(0).get(60, TimeUnit.SECONDS);
                List<Long> second = answers.get(1).get(60, TimeUnit.SECONDS);
                assertEquals(first, second, "both triggers name the one pending job");
            }
        } finally {
            pool.shutdownNow();
        }
        for (ProviderConnection link : links) {
            String of = "FROM sync_job WHERE payload->>'link_id' = '" + link.id + "'";
            assertEquals(1, count("SELECT count(*) " + of), "one job for link " + link.id);
            Instant a = Instant.parse(text(
                    "SELECT to_char(window_start AT TIME ZONE 'UTC'," + " 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') " + of));
            Instant b = Instant.parse(
                    text("SELECT to_char(window_end AT TIME ZONE 'UTC'," + " 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') " + of));
            assertEquals(Duration.ofHours(2), Duration.between(a, b), "the merged window covers both");
            assertEquals("[\"blood_pressure\", \"weight\"]", text("SELECT payload->>'types' " + of));
        }
    }

    @Test
    void coalescingMergesAdjacentWindowsWithinAChunkOnlyIntoPendingJobs() throws Exception {
        ProviderConnection link = detachedLink();
        Instant day = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(20));
        long first = single(scheduler.notified(
                link, day, day.plus(Duration.ofHours(1)), Set.of(DataType.WEIGHT), "k1", SyncRequest.Action.SYNC));
        // adjacent: merges; "no types" widens the job to every type
        assertEquals(
                first,
                single(scheduler.notified(
                        link,
                        day.plus(Duration.ofHours(1)),
                        day.plus(Duration.ofHours(2)),
                        Set.of(),
                        "k2",
                        SyncRequest.Action.SYNC)));
        assertEquals("[]", text("SELECT payload->>'types' FROM sync_job WHERE id = " + first));
        // a gap: a job of its own
        long gap = single(scheduler.notified(
                link,
                day.plus(Duration.ofHours(5)),
                day.plus(Duration.ofHours(6)),
                Set.of(),
                "k3",
                SyncRequest.Action.SYNC));
        assertNotEquals(first, gap);
        // another action never merges
        long deletion = single(scheduler.notified(
                link, day, day.plus(Duration.ofHours(1)), Set.of(), "k4", SyncRequest.Action.DELETE));
        assertNotEquals(first, deletion);
        // A trigger up to just past day 7: its part before midnight of day 7 merges (the job then fills its chunk),
        // the part after it cannot (it would leave the chunk) and becomes a job of its own.
        List<Long> spanning = scheduler.notified(
                link,
                day.plus(Duration.ofHours(2)),
                day.plus(Duration.ofDays(7)).plus(Duration.ofHours(1)),
                Set.of(),
                "k5",
                SyncRequest.Action.SYNC);
        assertEquals(2, spanning.size());
        assertEquals(first, spanning.get(0));
        assertNotEquals(first, spanning.get(1));
        assertEquals(
                Duration.ofDays(7).toSeconds(),
                count("SELECT EXTRACT(EPOCH FROM window_end - window_start)" + "::bigint FROM sync_job WHERE id = "
                        + first));
        update("UPDATE sync_job SET status = 'succeeded', finished_at = now() WHERE id IN (" + gap + ", " + deletion
                + ", " + spanning.get(1) + ")");
        // a running job is not widened
        update("UPDATE sync_job SET status = 'running', locked_by = 'test', locked_until = now() + interval '1 hour'"
                + " WHERE id = " + first);
        long afterStart = single(scheduler.notified(
                link, day, day.plus(Duration.ofMinutes(30)), Set.of(), "k7", SyncRequest.Action.SYNC));
        assertNotEquals(first, afterStart);
        assertEquals(
                Duration.ofDays(7).toSeconds(),
                count("SELECT EXTRACT(EPOCH FROM window_end - window_start)" + "::bigint FROM sync_job WHERE id = "
                        + first),
                "the running job kept its window");
        update("UPDATE sync_job SET status = 'succeeded', locked_by = NULL, finished_at = now() WHERE id = " + first);
    }

    @Test
    void aForcedBackfillIsNeverMergedIntoPendingWork() throws Exception {
        ProviderConnection link = detachedLink();
        Instant day = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(30));
        long pending = single(
                scheduler.notified(link, day, day.plus(Duration.ofHours(3)), Set.of(), "f1", SyncRequest.Action.SYNC));
        var forced = scheduler.backfill(link, day, day.plus(Duration.ofHours(1)), "forced-" + UUID.randomUUID(), true);
        assertEquals(1, forced.size());
        assertTrue(forced.get(0).created());
        assertNotEquals(pending, forced.get(0).jobId());
        var plain = scheduler.backfill(link, day, day.plus(Duration.ofHours(1)), "plain-" + UUID.randomUUID(), false);
        assertFalse(plain.get(0).created());
        assertEquals(pending, plain.get(0).jobId(), "an unforced backfill coalesces like any trigger");
    }

    // ---- helpers

    private static Instant[] recent() {
        Instant at = Instant.now().minus(Duration.ofHours(2));
        return new Instant[] {at, at.plusSeconds(1)};
    }

    private static long single(List<Long> ids) {
        assertEquals(1, ids.size(), () -> "one job: " + ids);
        return ids.get(0);
    }

    private static ProviderConnection detachedLink() {
        ProviderConnection link = new ProviderConnection();
        link.id = 9_000_000_000L + IDS.incrementAndGet();
        link.provider = "withings";
        link.ehrUserId = "coalesce-" + link.id;
        link.externalUserId = "c" + link.id;
        return link;
    }

    /** An active Withings link of a new user; returns the vendor user id. */
    private String link(String name) throws SQLException {
        String ext = name + "-" + IDS.incrementAndGet();
        try (var c = dataSource.getConnection();
                var ps = c.prepareStatement(
                        "INSERT INTO provider_link (provider, ehr_user_id, external_user_id) VALUES ('withings', ?, ?)")) {
            ps.setString(1, "ehr-" + ext);
            ps.setString(2, ext);
            ps.executeUpdate();
        }
        return ext;
    }

    private long event(String externalUserId, Instant[] window, String types, String action) throws SQLException {
        try (var c = dataSource.getConnection();
                var ps = c.prepareStatement("INSERT INTO webhook_event (provider,"
                        + " dedup_key, body, external_user_id, window_start, window_end, types, action)"
                        + " VALUES ('withings', ?, ?, ?, ?, ?, ?, ?) RETURNING id")) {
            ps.setString(1, "withings:test:" + UUID.randomUUID());
            ps.setBytes(2, "userid=test".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            ps.setString(3, externalUserId);
            ps.setTimestamp(4, Timestamp.from(window[0]));
            ps.setTimestamp(5, Timestamp.from(window[1]));
            ps.setString(6, types);
            ps.setString(7, action);
            try (var rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private long jobsOf(long eventId) throws SQLException {
        return count("SELECT count(*) FROM sync_job WHERE id = ANY ((SELECT job_ids FROM webhook_event WHERE id = "
                + eventId + ")::bigint[])");
    }

    private String status(long eventId) throws SQLException {
        return text("SELECT status FROM webhook_event WHERE id = " + eventId);
    }

    private String uncheckedStatus(long eventId) {
        try {
            return status(eventId);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private long count(String sql) throws SQLException {
        try (var c = dataSource.getConnection();
                var s = c.createStatement();
                var rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private String text(String sql) throws SQLException {
        try (var c = dataSource.getConnection();
                var s = c.createStatement();
                var rs = s.executeQuery(sql)) {
            assertTrue(rs.next(), sql);
            return rs.getString(1);
        }
    }

    private void update(String sql) throws SQLException {
        try (var c = dataSource.getConnection();
                var s = c.createStatement()) {
            s.executeUpdate(sql);
        }
    }
}
