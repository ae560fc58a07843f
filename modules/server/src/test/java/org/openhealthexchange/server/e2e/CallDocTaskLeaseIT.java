package org.openhealthexchange.server.e2e;

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
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.openhealthexchange.server.vault.TokenVault;

/**
 * Crash recovery of CallDoc tasks by lease (issue 10, point 5) and no patient data in plaintext at rest (point 10).
 * Replicas are extra {@link SyncTaskService}s on the test database with the same host name as the running service;
 * they never poll (their start-up recovery, heartbeat and task runs are driven by the tests), so nothing here waits
 * for a timer.
 */
/**
 * CallDoc tasks on the job engine: crash recovery by lease (a task whose node stopped runs again elsewhere; on its
 * last attempt it fails as interrupted), progress and results through the task API, and no patient data in
 * plaintext at rest. A crashed node is a job row leased to a worker id no process has; the application's own worker
 * is the node that recovers it, so nothing here waits for a timer of its own.
 */
@QuarkusTest
class CallDocTaskLeaseIT {

    @Inject
    AgroalDataSource tasks;

    @Inject
    TokenVault vault;

    @Test
    void aTaskWhoseNodeCrashedRunsAgainOnAnotherNodeAndCompletes() throws Exception {
        String piz = given().queryParam("from_date", "2025-10-23")
                .queryParam("to_date", "2025-10-23")
                .queryParam("appointment_type_id", 24)
                .get("/sandbox/calldoc/api/v1/frontend/appointment_search/")
                .jsonPath()
                .getString("data[0].piz");
        String id = "patient_sync_" + piz + "_2025-10-23_24_20251023000000";
        String crashed = "crashed-" + UUID.randomUUID();
        insertRunning(id, piz, "2025-10-23", crashed, 1, "now() - interval '1 second'", null, null);

        JsonPath ended = CallDocSyncIT.awaitEnd(id);
        assertEquals("completed", ended.getString("status"), ended.prettify());
        assertEquals(true, ended.getBoolean("result.patient.found"), ended.prettify());
        assertEquals(2, attempts(id), "the second attempt ran on the node that recovered the lease");
    }

    @Test
    void aTaskWhoseLastAttemptsLeaseRanOutFailsAsInterruptedAndTheDayCanBeSubmittedAgain() throws Exception {
        String id = "patient_sync_1300001_2025-10-18_24_20251018000000";
        String crashed = "crashed-" + UUID.randomUUID();
        insertRunning(id, "1300001", "2025-10-18", crashed, 2, "now() - interval '1 second'", null, null);

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
    void aRunningTaskOfAnotherNodeShowsItsProgressAndHoldsItsDay() throws Exception {
        String id = "sync_2025-10-19_24_20251019000000";
        insertRunning(id, null, "2025-10-19", "alive-" + UUID.randomUUID(), 1, "now() + interval '1 hour'", 3, 7);

        JsonPath status = given().get("/api/sync/status/" + id)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals("running", status.getString("status"));
        assertEquals(3, status.getInt("processed"));
        assertEquals(7, status.getInt("total"));
        assertNull(status.get("result"));
        assertNull(status.get("error"));
        JsonPath conflict = given().contentType(ContentType.JSON)
                .body("{\"date\":\"2025-10-19\"}")
                .post("/api/sync")
                .then()
                .statusCode(409)
                .extract()
                .jsonPath();
        assertEquals(id, conflict.getString("task_id"));
        given().get("/api/sync/active").then().statusCode(200).body("tasks.task_id", org.hamcrest.Matchers.hasItem(id));
        update("UPDATE sync_job SET status = 'dead', failure = 'error', finished_at = now(), locked_by = NULL,"
                + " locked_until = NULL WHERE external_id = '" + id + "'");
    }

    @Test
    void aFinishedTasksSealedResultIsTheStatusResult() throws Exception {
        String id = "patient_sync_1300006_2025-10-20_24_20251020000000";
        String result = "{\"success\":true,\"message\":\"Single-Patient erfolgreich synchronisiert\","
                + "\"execution_time_ms\":5,\"patient\":{\"found\":true,\"name\":\"Wippel\"}}";
        String sealed = vault.encrypt("{\"result\":" + result + ",\"error\":null}");
        insertRunning(id, "1300006", "2025-10-20", "n", 1, "now() + interval '1 hour'", null, null);
        update("UPDATE sync_job SET status = 'succeeded', finished_at = now(), locked_by = NULL, locked_until = NULL,"
                + " unique_key = NULL, result_sealed = '" + sealed + "' WHERE external_id = '" + id + "'");

        JsonPath status = given().get("/api/sync/status/" + id)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals("completed", status.getString("status"));
        assertEquals("Single-Patient erfolgreich synchronisiert", status.getString("result.message"));
        assertEquals("Wippel", status.getString("result.patient.name"));
        assertNull(status.get("error"));
        assertEquals(0, rowsContaining("sync_job", "Wippel"), "the result rests encrypted");
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
            assertEquals(0, rowsContaining("sync_job", phi), "a job row holds " + phi + " in plaintext");
        }
    }

    private boolean callbackDelivered(String taskId) {
        try (Connection c = tasks.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT status FROM sync_job WHERE external_id = ?")) {
            ps.setString(1, "calldoc.callback:" + taskId);
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

    /**
     * A running task as a claim leaves it: attempt {@code attempt} of 2, leased to {@code worker} until
     * {@code lockedUntil}, holding its day's uniqueness key and a place of the task group.
     */
    private void insertRunning(
            String id,
            String piz,
            String date,
            String worker,
            int attempt,
            String lockedUntil,
            Integer done,
            Integer total)
            throws SQLException {
        String kind = piz == null ? "day" : "patient";
        String key = piz == null ? "calldoc.day:" + date + ":24" : "calldoc.patient:" + piz + ":" + date + ":24";
        String payload = "{\"kind\":\"" + kind + "\",\"piz\":" + (piz == null ? "null" : "\"" + piz + "\"")
                + ",\"date\":\"" + date + "\",\"appointment_type_id\":24,\"webhook_url\":null}";
        update("INSERT INTO sync_job (job_type, payload, external_id, unique_key, job_group, group_limit, deadline_ms,"
                + " retention_ms, status, attempts, max_attempts, started_at, deadline, locked_by, locked_until,"
                + " progress_done, progress_total) VALUES ('calldoc.task', '" + payload + "'::jsonb, '" + id + "', '"
                + key + "', 'calldoc.tasks', 4, 60000, 300000, 'running', " + attempt + ", 2, now(),"
                + " now() + interval '1 hour', '" + worker + "', " + lockedUntil + ", " + done + ", " + total + ")");
    }

    private int attempts(String id) throws SQLException {
        try (Connection c = tasks.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT attempts FROM sync_job WHERE external_id = '" + id + "'")) {
            assertTrue(rs.next(), id);
            return rs.getInt(1);
        }
    }

    private void update(String sql) throws SQLException {
        try (Connection c = tasks.getConnection();
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
