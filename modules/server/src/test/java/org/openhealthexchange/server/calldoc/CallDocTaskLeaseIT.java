package org.openhealthexchange.server.calldoc;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openhealthexchange.server.config.OheConfig;
import org.openhealthexchange.server.vault.TokenVault;

/**
 * Crash recovery of CallDoc tasks by lease (issue 10, point 5) and no patient data in plaintext at rest (point 10).
 * Replicas are extra {@link SyncTaskService}s on the test database with the same host name as the running service;
 * they never poll (their start-up recovery, heartbeat and task runs are driven by the tests), so nothing here waits
 * for a timer.
 */
@QuarkusTest
class CallDocTaskLeaseIT {

    @Inject
    AgroalDataSource tasks;

    @Inject
    SyncTaskService service;

    @Inject
    OheConfig config;

    @Inject
    TokenVault vault;

    @Inject
    SyncTaskCallbacks callbacks;

    private final List<SyncTaskService> replicas = new ArrayList<>();

    @AfterEach
    void closeReplicas() throws InterruptedException {
        for (SyncTaskService replica : replicas) {
            replica.close();
        }
        replicas.clear();
    }

    /** A replica with this host name whose tasks run {@code runner}. */
    private SyncTaskService replica(String host, SyncTaskService.TaskRunner runner) {
        SyncTaskService replica =
                new SyncTaskService(config.calldocSync(), new SyncTaskStore(tasks, vault), runner, callbacks, host);
        replicas.add(replica);
        return replica;
    }

    /** A runner that reports it started, then blocks until released (or interrupted) and completes. */
    private static SyncTaskService.TaskRunner blocking(CountDownLatch started, CountDownLatch release) {
        return (task, deadline, progress) -> {
            started.countDown();
            release.await();
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("success", true);
            result.put("message", "released");
            return new CallDocSyncRunner.Outcome(result);
        };
    }

    @Test
    void aRestartedReplicaWithTheSameHostNameNeverFailsAnothersRunningTask() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        String host = service.host(); // what HOSTNAME gives every replica of this test: one name for all
        SyncTaskService a = replica(host, blocking(started, release));
        SyncTaskService b = replica(host, (task, deadline, progress) -> {
            throw new AssertionError("b runs nothing");
        });
        assertNotEquals(a.workerId(), b.workerId());
        assertNotEquals(service.workerId(), a.workerId());
        assertTrue(a.workerId().startsWith(host + "-"), a.workerId());

        String id = "patient_sync_1300000_2025-10-18_24_20251018000000";
        insertRunning(id, a.workerId(), "now() + interval '1 minute'");
        a.launch(a.find(id).orElseThrow());
        assertTrue(started.await(60, TimeUnit.SECONDS), "a started the task");

        b.recoverAtStart(); // b "restarts": what it does at start-up
        service.recoverAtStart(); // and so does the service under test, same host name as well

        given().get("/api/sync/status/" + id)
                .then()
                .statusCode(200)
                .body("status", org.hamcrest.Matchers.equalTo("running"));
        JsonPath conflict = given().contentType(ContentType.JSON)
                .body("{\"piz\":\"1300000\",\"date\":\"2025-10-18\"}")
                .post("/api/sync/patient")
                .then()
                .statusCode(409)
                .extract()
                .jsonPath();
        assertEquals(id, conflict.getString("task_id"));
        assertTrue(service.runningCount() >= 1, "the running task counts against max-running");

        release.countDown();
        JsonPath ended = CallDocSyncIT.awaitEnd(id);
        assertEquals("completed", ended.getString("status"), ended.prettify());
        assertEquals("released", ended.getString("result.message"));
    }

    @Test
    void aStoppingReplicaFailsItsOwnRunningTaskAtOnceAndLeavesTheOtherReplicasTask() throws Exception {
        CountDownLatch aStarted = new CountDownLatch(1);
        CountDownLatch bStarted = new CountDownLatch(1);
        CountDownLatch bRelease = new CountDownLatch(1);
        SyncTaskService a = replica("node", blocking(aStarted, new CountDownLatch(1)));
        SyncTaskService b = replica("node", blocking(bStarted, bRelease));
        String mine = "patient_sync_1300004_2025-10-18_24_20251018000000";
        String other = "patient_sync_1300005_2025-10-18_24_20251018000000";
        insertRunning(mine, a.workerId(), "now() + interval '1 minute'");
        insertRunning(other, b.workerId(), "now() + interval '1 minute'");
        a.launch(a.find(mine).orElseThrow());
        b.launch(b.find(other).orElseThrow());
        assertTrue(aStarted.await(60, TimeUnit.SECONDS));
        assertTrue(bStarted.await(60, TimeUnit.SECONDS));

        a.close();

        JsonPath stopped = given().get("/api/sync/status/" + mine)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals("failed", stopped.getString("status"));
        assertEquals(SyncTaskService.STOPPED, stopped.getString("error"));
        given().get("/api/sync/status/" + other)
                .then()
                .statusCode(200)
                .body("status", org.hamcrest.Matchers.equalTo("running"));
        bRelease.countDown();
        assertEquals("completed", CallDocSyncIT.awaitEnd(other).getString("status"));
    }

    @Test
    void theHeartbeatRenewsTheLeasesOfTasksRunningHereOnly() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        SyncTaskService a = replica("replica", blocking(started, release));
        SyncTaskService other = replica("replica", blocking(new CountDownLatch(1), new CountDownLatch(1)));
        String id = "patient_sync_1300002_2025-10-18_24_20251018000000";
        insertRunning(id, a.workerId(), "now() + interval '2 seconds'");
        a.launch(a.find(id).orElseThrow());
        assertTrue(started.await(60, TimeUnit.SECONDS));

        assertEquals(List.of(), other.renewLeases(), "another worker does not renew a lease it does not hold");
        Instant before = lockedUntil(id);
        assertEquals(List.of(id), a.renewLeases());
        Instant after = lockedUntil(id);
        assertTrue(after.isAfter(before), before + " → " + after);
        assertTrue(
                Duration.between(before, after).compareTo(Duration.ofSeconds(5)) > 0,
                "renewed by about ohe.calldoc-sync.lease (30 s): " + before + " → " + after);

        release.countDown();
        assertEquals("completed", CallDocSyncIT.awaitEnd(id).getString("status"));
        assertNull(lockedUntil(id), "an ended task holds no lease");
    }

    @Test
    void aTaskWhoseLeaseRanOutIsFailedByAnotherNodeAndTheDayCanBeSubmittedAgain() throws Exception {
        String id = "patient_sync_1300001_2025-10-18_24_20251018000000";
        String crashed = "crashed-" + UUID.randomUUID();
        insertRunning(id, crashed, "now() - interval '1 second'");

        // The service under test (another node) recovers it on its next poll.
        JsonPath failed = CallDocSyncIT.awaitEnd(id);
        assertEquals("failed", failed.getString("status"));
        assertTrue(failed.getString("error").startsWith("Interrupted"), failed.getString("error"));
        assertTrue(failed.getString("error").contains(crashed), failed.getString("error"));

        String again = given().contentType(ContentType.JSON)
                .body("{\"piz\":\"1300001\",\"date\":\"2025-10-18\"}")
                .post("/api/sync/patient")
                .then()
                .statusCode(202)
                .extract()
                .jsonPath()
                .getString("task_id");
        assertNotEquals(id, again);
        CallDocSyncIT.awaitEnd(again);
    }

    @Test
    void aTaskRecoveredByAnotherNodeIsStoppedHereAndKeepsTheRecoveredOutcome() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch never = new CountDownLatch(1);
        SyncTaskService a = replica("replica", blocking(started, never));
        String id = "patient_sync_1300003_2025-10-18_24_20251018000000";
        insertRunning(id, a.workerId(), "now() + interval '1 minute'");
        a.launch(a.find(id).orElseThrow());
        assertTrue(started.await(60, TimeUnit.SECONDS));

        // a stalls (no heartbeat) until its lease runs out; the service under test fails the task.
        update("UPDATE calldoc_sync_task SET locked_until = now() - interval '1 second' WHERE task_id = '" + id + "'");
        JsonPath failed = CallDocSyncIT.awaitEnd(id);
        assertTrue(failed.getString("error").startsWith("Interrupted"), failed.getString("error"));

        // a wakes up: its heartbeat finds the task no longer leased to it and stops it, without ending it again.
        assertEquals(List.of(), a.renewLeases());
        await(() -> a.runningHere() == 0, "a stopped the task");
        JsonPath after = given().get("/api/sync/status/" + id)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals("failed", after.getString("status"));
        assertEquals(failed.getString("error"), after.getString("error"));
        assertEquals(failed.getString("end_time"), after.getString("end_time"));
    }

    @Test
    void noPatientDataRestsInPlaintextAfterATaskWithACallbackWhileStatusAndCallbackStillWork() throws Exception {
        CallbackReceiverResource.RECEIVED.clear();
        CallbackReceiverResource.failFirst.set(0);
        Map<String, Object> first = given().queryParam("from_date", "2025-10-22")
                .queryParam("to_date", "2025-10-22")
                .queryParam("appointment_type_id", 24)
                .get("/sandbox/calldoc/api/v1/frontend/appointment_search/")
                .jsonPath()
                .getMap("data[0]");
        String piz = String.valueOf(first.get("piz"));
        Map<String, Object> patient = given().queryParam("piz", piz)
                .get("/sandbox/calldoc/api/v1/frontend/patient_search/")
                .jsonPath()
                .getMap("data[0]");
        String url = io.restassured.RestAssured.baseURI + ":" + io.restassured.RestAssured.port
                + "/test-support/calldoc-callbacks";
        String taskId = given().contentType(ContentType.JSON)
                .body("{\"piz\":\"" + piz + "\",\"date\":\"2025-10-22\"," + "\"webhook_url\":\"" + url + "\"}")
                .post("/api/sync/patient")
                .then()
                .statusCode(202)
                .extract()
                .jsonPath()
                .getString("task_id");

        JsonPath status = CallDocSyncIT.awaitEnd(taskId);
        assertEquals("completed", status.getString("status"), status.prettify());
        assertEquals(true, status.getBoolean("result.patient.found"), status.prettify());
        String name = status.getString("result.patient.name");
        String vorname = status.getString("result.patient.vorname");
        String geburtsdatum = status.getString("result.patient.geburtsdatum");
        assertNotNull(name, status.prettify());
        assertNotNull(vorname);
        assertNotNull(geburtsdatum);
        LocalDate born = LocalDate.parse(String.valueOf(patient.get("date_of_birth")));
        assertEquals(
                String.format("%02d.%02d.%04d", born.getDayOfMonth(), born.getMonthValue(), born.getYear()),
                geburtsdatum,
                "the status endpoint still answers the seed's patient block");

        await(
                () -> CallbackReceiverResource.RECEIVED.stream()
                        .anyMatch(r -> ("msg_" + taskId).equals(r.headers().get("webhook-id"))),
                "the callback arrived");
        await(() -> callbackDelivered(taskId), "the callback job succeeded");
        String body = CallbackReceiverResource.RECEIVED.stream()
                .filter(r -> ("msg_" + taskId).equals(r.headers().get("webhook-id")))
                .findFirst()
                .orElseThrow()
                .body();
        JsonPath callback = new JsonPath(body);
        assertEquals(taskId, callback.getString("task_id"));
        assertEquals(piz, callback.getString("piz"));
        assertEquals("completed", callback.getString("status"));
        assertEquals(status.getString("result.message"), callback.getString("result.message"));
        assertEquals(true, callback.getBoolean("result.patient.found"));
        assertEquals(0, callback.getInt("result.stats.error_count"));
        assertEquals(
                status.getInt("result.sqlhk_sync.untersuchung_id"),
                callback.getInt("result.sqlhk_sync.untersuchung_id"));

        for (String phi : List.of(name, vorname, geburtsdatum, born.toString())) {
            assertFalse(body.contains(phi), "the callback carries no patient data by default: " + body);
            assertEquals(0, rowsContaining("calldoc_sync_task", phi), "a task row holds " + phi + " in plaintext");
            assertEquals(0, rowsContaining("sync_job", phi), "a job row holds " + phi + " in plaintext");
        }
    }

    private boolean callbackDelivered(String taskId) {
        try (Connection c = tasks.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT status FROM sync_job WHERE dedup_key = ?")) {
            ps.setString(1, SyncTaskCallbacks.JOB_TYPE + ":" + taskId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && "succeeded".equals(rs.getString(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Rows whose text holds {@code text} as a whole word: not inside a run of base64 characters, where a short first
     * name could occur by chance in a ciphertext.
     */
    private int rowsContaining(String table, String text) throws SQLException {
        String word =
                "(^|[^A-Za-z0-9+/])" + text.replaceAll("[\\\\.^$|?*+()\\[\\]{}-]", "\\\\$0") + "([^A-Za-z0-9+/=]|$)";
        try (Connection c = tasks.getConnection();
                PreparedStatement ps =
                        c.prepareStatement("SELECT count(*) FROM " + table + " t WHERE row_to_json(t)::text ~ ?")) {
            ps.setString(1, word);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        while (!condition.getAsBoolean()) {
            assertTrue(Instant.now().isBefore(deadline), "timed out waiting: " + what);
            Thread.sleep(50);
        }
    }

    /** A running single-patient task leased to {@code worker} until {@code lockedUntil}, as a claim leaves it. */
    private void insertRunning(String id, String worker, String lockedUntil) throws SQLException {
        String[] parts = id.split("_");
        update("INSERT INTO calldoc_sync_task (task_id, kind, piz, sync_date, appointment_type_id, status, start_time,"
                + " deadline, locked_by, locked_until) VALUES ('" + id + "', 'patient', '" + parts[2] + "', DATE '"
                + parts[3] + "', " + parts[4] + ", 'running', now(), now() + interval '1 hour', '" + worker + "', "
                + lockedUntil + ")");
    }

    private Instant lockedUntil(String id) throws SQLException {
        try (Connection c = tasks.getConnection();
                Statement s = c.createStatement();
                ResultSet rs =
                        s.executeQuery("SELECT locked_until FROM calldoc_sync_task WHERE task_id = '" + id + "'")) {
            assertTrue(rs.next(), id);
            java.sql.Timestamp t = rs.getTimestamp(1);
            return t == null ? null : t.toInstant();
        }
    }

    private void update(String sql) throws SQLException {
        try (Connection c = tasks.getConnection();
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
