package org.openhealthexchange.server.e2e;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openhealthexchange.core.spi.jobs.JobContext;
import org.openhealthexchange.core.spi.jobs.JobFailedException;
import org.openhealthexchange.core.spi.jobs.JobHandler;
import org.openhealthexchange.provider.calldoc.tasks.StandardWebhookSigner;
import org.openhealthexchange.server.testing.MovableJobClock;
import org.openhealthexchange.testkit.JdbcRows;

/** The seed's task API end to end: validation, tasks against the CallDoc sandbox, SQLHK on H2, limits and expiry. */
@QuarkusTest
class CallDocSyncIT {

    private static final String SEED_PIZ = "1698369";
    /** The sandbox's id of the first type-24 appointment on 2025-10-06 (the seed patient's). */
    private static final long SEED_APPOINTMENT = 20251006L * 1_000_000 + 24 * 10_000;

    @Inject
    AgroalDataSource tasks;

    @Inject
    @DataSource("sqlhk-h2")
    AgroalDataSource sqlhk;

    @Inject
    @Any
    Instance<JobHandler> moduleHandlers;

    @Inject
    MovableJobClock jobClock;

    /** CallDoc tasks running now, cluster-wide (jobs of the task type). */
    private int runningCount() {
        try (Connection c = tasks.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        "SELECT count(*) FROM sync_job WHERE job_type = 'calldoc.task' AND status = 'running'")) {
            rs.next();
            return rs.getInt(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The delivery handler of completion callbacks, as the job workers find it: by type. */
    private JobHandler callbacks() {
        return moduleHandlers.stream()
                .filter(h -> h.type().equals("calldoc.callback"))
                .findFirst()
                .orElseThrow();
    }

    /** A job attempt of a callback with this payload, as a worker would hand it to the handler. */
    private static JobContext attempt(String payload) {
        return new JobContext() {
            @Override
            public String externalId() {
                return "calldoc.callback:x";
            }

            @Override
            public String payload() {
                return payload;
            }

            @Override
            public int attempt() {
                return 1;
            }

            @Override
            public Instant deadline() {
                return null;
            }

            @Override
            public void progress(int done, int total) {}

            @Override
            public void result(String result) {}
        };
    }

    @AfterEach
    void resetSandbox() {
        given().post("/sandbox/calldoc/reset").then().statusCode(204);
    }

    private static JsonPath post(String path, String body, int status) {
        return given().contentType(ContentType.JSON)
                .body(body)
                .post(path)
                .then()
                .statusCode(status)
                .extract()
                .jsonPath();
    }

    /** Polls the status until the task ended; the deadline only bounds the wait. */
    static JsonPath awaitEnd(String taskId) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        while (true) {
            JsonPath status = given().get("/api/sync/status/" + taskId)
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            String state = status.getString("status");
            if ("completed".equals(state) || "failed".equals(state)) {
                return status;
            }
            assertTrue(Instant.now().isBefore(deadline), "task " + taskId + " still " + state);
            Thread.sleep(50);
        }
    }

    @Test
    void validationAnswersWithTheSeedsErrorBodies() {
        given().contentType(ContentType.JSON)
                .body("{}")
                .post("/api/sync/patient")
                .then()
                .statusCode(400)
                .body("error", equalTo("Missing required fields: date, piz"))
                .body("example.date", equalTo("2025-08-20"))
                .body("example.piz", equalTo("12345"))
                .body("example.appointment_type_id", equalTo(24));
        assertEquals(
                "Invalid date format. Use YYYY-MM-DD",
                post("/api/sync/patient", "{\"piz\":\"1\",\"date\":\"2025-10-6\"}", 400)
                        .getString("error"));
        assertEquals(
                "Invalid piz. Must be a non-empty string",
                post("/api/sync/patient", "{\"piz\":\"\",\"date\":\"2025-10-06\"}", 400)
                        .getString("error"));
        assertEquals(
                "Invalid appointment_type_id. Must be an integer",
                post("/api/sync", "{\"date\":\"2025-10-06\",\"appointment_type_id\":\"x\"}", 400)
                        .getString("error"));
        assertEquals(
                "Missing required fields: date", post("/api/sync", "{}", 400).getString("error"));
        assertEquals("Invalid JSON body", post("/api/sync", "not json", 400).getString("error"));
        given().get("/api/sync/status/sync_2099-01-01_24_20990101000000")
                .then()
                .statusCode(404)
                .body("error", equalTo("Task not found"));
    }

    @Test
    void onlyJsonBodiesAreAcceptedOtherContentTypesGet415AndStartNothing() throws Exception {
        String body = "{\"piz\":\"1698369\",\"date\":\"2025-10-16\"}";
        for (String path : List.of("/api/sync/patient", "/api/sync")) {
            given().contentType(ContentType.TEXT)
                    .body(body)
                    .post(path)
                    .then()
                    .statusCode(415)
                    .contentType(ContentType.JSON)
                    .body("error", equalTo("Unsupported Content-Type. Use application/json"));
            given().contentType(ContentType.URLENC)
                    .formParam("date", "2025-10-16")
                    .post(path)
                    .then()
                    .statusCode(415)
                    .body("error", equalTo("Unsupported Content-Type. Use application/json"));
            // RestAssured always names a type; the JDK client sends none unless told.
            HttpResponse<String> none = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(io.restassured.RestAssured.baseURI + ":"
                                            + io.restassured.RestAssured.port + path))
                                    .POST(HttpRequest.BodyPublishers.ofString(body))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertEquals(415, none.statusCode());
            assertEquals(
                    "Unsupported Content-Type. Use application/json", new JsonPath(none.body()).getString("error"));
        }
        assertEquals(0, taskCount("2025-10-16"), "a refused request stores no task");
    }

    @Test
    void aWebhookUrlToALoopbackPortNotAllowListedIsRefusedAtSubmission() throws SQLException {
        // %test allow-lists localhost on OHE's own test port only; these point at loopback all the same.
        int other = io.restassured.RestAssured.port == 1 ? 2 : 1;
        for (String url : List.of(
                "http://localhost:" + other + "/hook",
                "http://127.0.0.1:" + other + "/hook",
                "http://[::1]:" + other + "/hook",
                "http://2130706433:" + other + "/hook",
                "http://169.254.169.254/latest/meta-data/")) {
            String error = post(
                            "/api/sync/patient",
                            "{\"piz\":\"1698369\",\"date\":\"2025-10-17\"," + "\"webhook_url\":\"" + url + "\"}",
                            400)
                    .getString("error");
            assertTrue(error.startsWith("Invalid webhook_url"), url + ": " + error);
        }
        assertEquals(
                "Invalid webhook_url: its host resolves to a loopback address",
                post(
                                "/api/sync",
                                "{\"date\":\"2025-10-17\",\"webhook_url\":\"http://127.0.0.1:" + other + "/hook\"}",
                                400)
                        .getString("error"));
        assertEquals(0, taskCount("2025-10-17"), "a refused request stores no task");
    }

    @Test
    void aDeliveryIsCheckedAgainAndARefusedUrlIsNeverCalled() throws Exception {
        CallbackReceiverResource.RECEIVED.clear();
        // The receiver's path on a loopback spelling the allow-list does not name: refused before any connection.
        String url = "http://127.0.0.1:" + io.restassured.RestAssured.port + "/test-support/calldoc-callbacks";
        String payload = "{\"url\":\"" + url + "\",\"webhook_id\":\"msg_x\",\"body\":\"{}\"}";
        JobFailedException refused =
                assertThrows(JobFailedException.class, () -> callbacks().run(attempt(payload)));
        assertTrue(refused.getMessage().contains("loopback"), refused.getMessage());
        assertEquals(List.of(), CallbackReceiverResource.RECEIVED);
    }

    @Test
    void theSeedsPatientIsCreatedThenAlreadyExistsThenUpdatedWhenCallDocChangesIt() throws Exception {
        JsonPath accepted = post("/api/sync/patient", "{\"piz\":\"1698369\",\"date\":\"2025-10-06\"}", 202);
        String taskId = accepted.getString("task_id");
        assertTrue(taskId.matches("patient_sync_1698369_2025-10-06_24_\\d{14}"), taskId);
        assertEquals("Single patient synchronization started", accepted.getString("message"));
        assertEquals("/api/sync/status/" + taskId, accepted.getString("status_url"));
        assertEquals(SEED_PIZ, accepted.getString("piz"));

        JsonPath done = awaitEnd(taskId);
        assertEquals("completed", done.getString("status"), done.prettify());
        assertEquals(true, done.getBoolean("result.success"));
        assertEquals("created", done.getString("result.sqlhk_sync.action"));
        assertEquals("created", done.getString("result.stats.sqlhk_action"));
        assertEquals(1, done.getInt("result.stats.appointments_found"));
        assertEquals(true, done.getBoolean("result.patient.found"));
        assertEquals(sqlhkName(SEED_PIZ), done.getString("result.patient.name"));
        int untersuchungId = done.getInt("result.sqlhk_sync.untersuchung_id");
        assertTrue(done.getDouble("duration_seconds") >= 0);
        String raw = given().get("/api/sync/status/" + taskId).asString();
        List<Integer> seedOrder = List.of(
                        "\"task_id\"",
                        "\"status\"",
                        "\"start_time\"",
                        "\"duration_seconds\"",
                        "\"result\"",
                        "\"success\"",
                        "\"message\"",
                        "\"execution_time_ms\"",
                        "\"patient\"",
                        "\"stats\"",
                        "\"sqlhk_sync\"",
                        "\"error\"")
                .stream()
                .map(raw::indexOf)
                .toList();
        assertEquals(seedOrder.stream().sorted().toList(), seedOrder, "keys in the seed's order: " + raw);
        // ohe.pipeline.sinks.calldoc=sqlhk,fhir in tests: the EHR got the patient and the appointment as well.
        given().queryParam("identifier", "urn:ohe:calldoc:patient|default:" + SEED_PIZ)
                .get("/sandbox/fhir/Patient")
                .then()
                .statusCode(200)
                .body("total", equalTo(1))
                .body("entry[0].resource.name[0].family", equalTo(done.getString("result.patient.name")));
        given().queryParam("identifier", "urn:ohe:calldoc:appointment|default:" + SEED_APPOINTMENT)
                .get("/sandbox/fhir/Appointment")
                .then()
                .statusCode(200)
                .body("total", equalTo(1))
                .body("entry[0].resource.participant[0].actor.reference", startsWith("Patient"));

        JsonPath again = awaitEnd(post("/api/sync/patient", "{\"piz\":\"1698369\",\"date\":\"2025-10-06\"}", 202)
                .getString("task_id"));
        assertEquals("already_exists", again.getString("result.sqlhk_sync.action"));
        assertEquals(untersuchungId, again.getInt("result.sqlhk_sync.untersuchung_id"));

        given().body("{\"notes\":\"verschoben auf 10 Uhr\"}")
                .post("/sandbox/calldoc/appointments/" + SEED_APPOINTMENT)
                .then()
                .statusCode(204);
        JsonPath changed = awaitEnd(post("/api/sync/patient", "{\"piz\":\"1698369\",\"date\":\"2025-10-06\"}", 202)
                .getString("task_id"));
        assertEquals("updated", changed.getString("result.sqlhk_sync.action"));
        assertEquals(untersuchungId, changed.getInt("result.sqlhk_sync.untersuchung_id"));
        assertEquals(
                List.of("verschoben auf 10 Uhr"),
                rows("SELECT Bemerkung FROM Untersuchung WHERE UntersuchungID = " + untersuchungId));
    }

    /** The first appointment of a day as the sandbox lists it: {@code id, piz, scheduled_for_datetime, …}. */
    private static Map<String, Object> firstAppointment(String date) {
        return given().queryParam("from_date", date)
                .queryParam("to_date", date)
                .queryParam("appointment_type_id", 24)
                .get("/sandbox/calldoc/api/v1/frontend/appointment_search/")
                .jsonPath()
                .getMap("data[0]");
    }

    private static JsonPath ehrAppointment(Object id) {
        return given().queryParam("identifier", "urn:ohe:calldoc:appointment|default:" + id)
                .get("/sandbox/fhir/Appointment")
                .then()
                .statusCode(200)
                .body("total", equalTo(1))
                .extract()
                .jsonPath();
    }

    @Test
    void theEhrGetsCallDocsInstantAndSqlhkBerlinTimeOnBothSidesOfTheClockChange() throws Exception {
        // 07:00 in Berlin on the Friday before (CEST, 05:00Z) and the Monday after (CET, 06:00Z) 2025-10-26.
        for (String[] day : new String[][] {{"2025-10-24", "24.10.2025"}, {"2025-10-27", "27.10.2025"}}) {
            Map<String, Object> first = firstAppointment(day[0]);
            JsonPath done = awaitEnd(
                    post("/api/sync/patient", "{\"piz\":\"" + first.get("piz") + "\",\"date\":\"" + day[0] + "\"}", 202)
                            .getString("task_id"));
            assertEquals("created", done.getString("result.sqlhk_sync.action"), done.prettify());

            Instant calldoc = Instant.parse((String) first.get("scheduled_for_datetime"));
            Instant ehr = Instant.parse(ehrAppointment(first.get("id")).getString("entry[0].resource.start"));
            assertEquals(calldoc, ehr, "the EHR shows the time CallDoc booked");
            assertEquals(
                    List.of(day[1] + "|07:00"),
                    rows("SELECT Datum, Zeit FROM Untersuchung WHERE UntersuchungID = "
                            + done.getInt("result.sqlhk_sync.untersuchung_id")));
        }
    }

    @Test
    void aRescheduleToAnotherDayWithAnOffsetReachesSqlhkAndTheEhrAtTheSameMoment() throws Exception {
        Map<String, Object> first = firstAppointment("2025-10-28");
        // Moved to Wednesday 10:15 Berlin time, written with CallDoc's offset instead of Z.
        given().body("{\"scheduled_for_datetime\":\"2025-10-29T10:15:00+01:00\",\"notes\":\"verlegt\"}")
                .post("/sandbox/calldoc/appointments/" + first.get("id"))
                .then()
                .statusCode(204);

        JsonPath moved = awaitEnd(
                post("/api/sync/patient", "{\"piz\":\"" + first.get("piz") + "\",\"date\":\"2025-10-29\"}", 202)
                        .getString("task_id"));

        assertEquals("created", moved.getString("result.sqlhk_sync.action"), moved.prettify());
        assertEquals(
                List.of("29.10.2025|10:15|verlegt"),
                rows("SELECT Datum, Zeit, Bemerkung FROM Untersuchung" + " WHERE UntersuchungID = "
                        + moved.getInt("result.sqlhk_sync.untersuchung_id")));
        JsonPath ehr = ehrAppointment(first.get("id"));
        assertEquals(Instant.parse("2025-10-29T09:15:00Z"), Instant.parse(ehr.getString("entry[0].resource.start")));
        assertEquals("verlegt", ehr.getString("entry[0].resource.comment"));
    }

    @Test
    void aCanceledAppointmentReachesTheEhrAsCancelledWhileSqlhkSkipsIt() throws Exception {
        Map<String, Object> first = firstAppointment("2025-10-21");
        given().body("{\"status\":\"canceled\"}")
                .post("/sandbox/calldoc/appointments/" + first.get("id"))
                .then()
                .statusCode(204);

        JsonPath single = awaitEnd(
                post("/api/sync/patient", "{\"piz\":\"" + first.get("piz") + "\",\"date\":\"2025-10-21\"}", 202)
                        .getString("task_id"));
        assertEquals("completed", single.getString("status"), single.prettify());
        assertEquals(false, single.getBoolean("result.success"), "SQLHK had nothing to write for this patient");
        assertEquals(0, single.getInt("result.stats.appointments_found"));
        assertEquals(List.of(), single.getList("result.stats.errors"));
        assertEquals("cancelled", ehrAppointment(first.get("id")).getString("entry[0].resource.status"));

        JsonPath day =
                awaitEnd(post("/api/sync", "{\"date\":\"2025-10-21\"}", 202).getString("task_id"));
        assertEquals("completed", day.getString("status"), day.prettify());
        assertEquals(List.of(), day.getList("result.stats.errors"));
        int canceled = day.getInt("result.stats.canceled_skipped");
        assertTrue(canceled >= 1, day.prettify());
        assertEquals(
                day.getInt("result.stats.appointments_found") - canceled,
                day.getInt("result.stats.appointments_synced"));
        assertEquals(day.getInt("result.stats.appointments_synced"), day.getInt("result.stats.created"));
        assertEquals(
                List.of(),
                rows("SELECT PatientID FROM Patient WHERE M1Ziffer = " + first.get("piz")),
                "SQLHK never hears of a patient whose only appointment was canceled");
    }

    @Test
    void anUnknownPatientAndAnEmptyDayCompleteWithoutSuccessAndWriteNothing() throws Exception {
        int before = rows("SELECT UntersuchungID FROM Untersuchung").size();
        JsonPath unknown = awaitEnd(post("/api/sync/patient", "{\"piz\":\"9999999\",\"date\":\"2025-10-06\"}", 202)
                .getString("task_id"));
        assertEquals("completed", unknown.getString("status"));
        assertEquals(false, unknown.getBoolean("result.success"));
        assertEquals(false, unknown.getBoolean("result.patient.found"));
        assertTrue(unknown.get("result.sqlhk_sync") == null);

        JsonPath empty = awaitEnd(post("/api/sync/patient", "{\"piz\":\"1698369\",\"date\":\"2025-12-31\"}", 202)
                .getString("task_id"));
        assertEquals("completed", empty.getString("status"));
        assertEquals(false, empty.getBoolean("result.success"));
        assertEquals(0, empty.getInt("result.stats.appointments_found"));
        assertEquals(before, rows("SELECT UntersuchungID FROM Untersuchung").size());
    }

    @Test
    void aSinglePatientSyncLeavesEveryOtherPatientsRowsByteIdentical() throws Exception {
        JsonPath day =
                awaitEnd(post("/api/sync", "{\"date\":\"2025-10-07\"}", 202).getString("task_id"));
        assertEquals("completed", day.getString("status"), day.prettify());
        assertEquals(day.getInt("total"), day.getInt("processed"));
        assertTrue(day.getInt("result.stats.created") > 0);
        String piz = given().queryParam("from_date", "2025-10-07")
                .queryParam("to_date", "2025-10-07")
                .queryParam("appointment_type_id", 24)
                .get("/sandbox/calldoc/api/v1/frontend/appointment_search/")
                .jsonPath()
                .getString("data[1].piz");
        long id = 20251007L * 1_000_000 + 24 * 10_000 + 1;
        given().body("{\"notes\":\"geändert\",\"status\":\"created\"}")
                .post("/sandbox/calldoc/appointments/" + id)
                .then()
                .statusCode(204);
        String others = "SELECT * FROM %s WHERE PatientID NOT IN (SELECT PatientID FROM Patient WHERE M1Ziffer = " + piz
                + ") ORDER BY 1";
        List<String> patientsBefore = rows(String.format(others, "Patient"));
        List<String> examsBefore = rows(String.format(others, "Untersuchung"));

        JsonPath single = awaitEnd(post("/api/sync/patient", "{\"piz\":\"" + piz + "\",\"date\":\"2025-10-07\"}", 202)
                .getString("task_id"));

        assertEquals("updated", single.getString("result.sqlhk_sync.action"), single.prettify());
        assertEquals(patientsBefore, rows(String.format(others, "Patient")));
        assertEquals(examsBefore, rows(String.format(others, "Untersuchung")));
    }

    @Test
    void aDuplicateRunningRequestGets409WithTheRunningTaskId() throws Exception {
        given().body("{\"latency_ms\":1500,\"count\":-1}")
                .post("/sandbox/calldoc/faults")
                .then()
                .statusCode(204);
        String day = post("/api/sync", "{\"date\":\"2025-10-08\"}", 202).getString("task_id");
        JsonPath conflict = post("/api/sync", "{\"date\":\"2025-10-08\",\"appointment_type_id\":24}", 409);
        assertEquals("Synchronization already running for this date", conflict.getString("error"));
        assertEquals(day, conflict.getString("task_id"));
        post("/api/sync", "{\"date\":\"2025-10-08\",\"appointment_type_id\":25}", 202);

        String patient = post("/api/sync/patient", "{\"piz\":\"1000001\",\"date\":\"2025-10-08\"}", 202)
                .getString("task_id");
        assertEquals(
                patient,
                post("/api/sync/patient", "{\"piz\":\"1000001\",\"date\":\"2025-10-08\"}", 409)
                        .getString("task_id"));
        given().delete("/sandbox/calldoc/faults").then().statusCode(204);
        awaitEnd(day);
        awaitEnd(patient);
        post("/api/sync", "{\"date\":\"2025-10-08\"}", 202);
    }

    @Test
    void atMostFourTasksRunAtOnceTheRestWaitPending() throws Exception {
        given().body("{\"latency_ms\":1500,\"count\":-1}")
                .post("/sandbox/calldoc/faults")
                .then()
                .statusCode(204);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            ids.add(post("/api/sync/patient", "{\"piz\":\"" + (1_100_000 + i) + "\",\"date\":\"2025-10-09\"}", 202)
                    .getString("task_id"));
        }
        int peakRunning = 0;
        boolean sawPending = false;
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        while (true) {
            List<Map<String, Object>> mine =
                    given().get("/api/sync/active").jsonPath().getList("tasks");
            mine.removeIf(t -> !ids.contains(t.get("task_id")));
            long running =
                    mine.stream().filter(t -> "running".equals(t.get("status"))).count();
            long pending =
                    mine.stream().filter(t -> "pending".equals(t.get("status"))).count();
            assertTrue(runningCount() <= 4);
            peakRunning = Math.max(peakRunning, (int) running);
            sawPending |= pending > 0 && running == 4;
            if (running == 0 && pending == 0) {
                break;
            }
            assertTrue(Instant.now().isBefore(deadline), "tasks did not end: " + mine);
            Thread.sleep(50);
        }
        assertEquals(4, peakRunning);
        assertTrue(sawPending, "two of six tasks should have waited as pending");
        for (String id : ids) {
            assertEquals("completed", awaitEnd(id).getString("status"));
        }
    }

    /**
     * The installation is a connection of its organisation (no secret: CallDoc authenticates nothing), and its
     * appointments stream marks the end of the latest practice day a full-day task synced; an earlier day and a
     * single patient's task leave the mark where it is.
     */
    @Test
    void fullDayTasksAdvanceTheInstallationsConnectionCursor() throws Exception {
        assertEquals(
                "completed",
                awaitEnd(post("/api/sync", "{\"date\":\"2030-01-15\"}", 202).getString("task_id"))
                        .getString("status"));
        assertEquals(
                "completed",
                awaitEnd(post("/api/sync", "{\"date\":\"2030-01-10\"}", 202).getString("task_id"))
                        .getString("status"));
        String cursor = "SELECT l.subject_kind, l.subject_id, l.ehr_user_id, l.credential_kind, l.active,"
                + " to_char(c.window_end AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"
                + " FROM provider_link l JOIN connection_cursor c ON c.connection_id = l.id"
                + " WHERE l.provider = 'calldoc' AND c.stream = 'appointments'";
        // Berlin midnight after 2030-01-15 (CET): 23:00Z
        assertEquals(List.of("organisation|default|null|none|t|2030-01-15T23:00:00Z"), JdbcRows.rows(tasks, cursor));
        assertEquals(
                List.of("1"),
                JdbcRows.rows(tasks, "SELECT count(*) FROM provider_link WHERE provider = 'calldoc'"),
                "one connection per installation, however many tasks ran");
    }

    @Test
    void aFullDayAndSinglePatientsOfThatDayAtOnceWriteEachPatientAndExaminationOnce() throws Exception {
        List<String> pizs = given().queryParam("from_date", "2025-10-15")
                .queryParam("to_date", "2025-10-15")
                .queryParam("appointment_type_id", 24)
                .get("/sandbox/calldoc/api/v1/frontend/appointment_search/")
                .jsonPath()
                .getList("data.piz", String.class);
        List<String> ids = new ArrayList<>();
        ids.add(post("/api/sync", "{\"date\":\"2025-10-15\"}", 202).getString("task_id"));
        for (String piz : pizs.subList(0, 3)) {
            ids.add(post("/api/sync/patient", "{\"piz\":\"" + piz + "\",\"date\":\"2025-10-15\"}", 202)
                    .getString("task_id"));
        }
        for (String id : ids) {
            assertEquals("completed", awaitEnd(id).getString("status"));
        }
        assertEquals(List.of(), rows("SELECT M1Ziffer FROM Patient GROUP BY M1Ziffer HAVING COUNT(*) > 1"));
        assertEquals(
                List.of(),
                rows("SELECT PatientID, UntersuchungartID, Datum FROM Untersuchung"
                        + " GROUP BY PatientID, UntersuchungartID, Datum HAVING COUNT(*) > 1"));
    }

    @Test
    void aTaskFailsWithTheReasonWhenCallDocKeepsFailing() throws Exception {
        given().body("{\"http_status\":503,\"count\":-1}")
                .post("/sandbox/calldoc/faults")
                .then()
                .statusCode(204);
        JsonPath failed =
                awaitEnd(post("/api/sync", "{\"date\":\"2025-10-14\"}", 202).getString("task_id"));
        assertEquals("failed", failed.getString("status"));
        assertTrue(failed.getString("error").contains("503"), failed.getString("error"));
        assertTrue(failed.get("result") == null);
    }

    @Test
    void aTaskPastItsDeadlineFailsWithATimeoutError() throws Exception {
        insertTask(
                "patient_sync_1200000_2025-10-10_24_20251010000000",
                "running",
                "now() - interval '61 seconds'",
                "now() - interval '1 second'",
                null,
                "another-node");
        JsonPath failed = awaitEnd("patient_sync_1200000_2025-10-10_24_20251010000000");
        assertEquals("failed", failed.getString("status"));
        assertTrue(failed.getString("error").startsWith("Timeout"), failed.getString("error"));
    }

    @Test
    void anEndedTaskIsGoneAfterTheRetentionTime() throws Exception {
        insertTask(
                "sync_2025-10-11_24_20251011000000",
                "completed",
                "now() - interval '7 minutes'",
                "now() - interval '6 minutes'",
                "now() - interval '6 minutes'",
                "n");
        insertTask(
                "sync_2025-10-11_25_20251011000000",
                "completed",
                "now() - interval '5 minutes'",
                "now() - interval '4 minutes'",
                "now() - interval '4 minutes'",
                "n");
        given().get("/api/sync/status/sync_2025-10-11_24_20251011000000").then().statusCode(404);
        given().get("/api/sync/status/sync_2025-10-11_25_20251011000000")
                .then()
                .statusCode(200)
                .body("status", equalTo("completed"))
                .body("end_time", notNullValue())
                .body("error", nullValue());
        given().get("/api/sync/active")
                .then()
                .statusCode(200)
                .body("tasks.task_id", hasItem("sync_2025-10-11_25_20251011000000"));
        given().get("/health").then().statusCode(200).body("active_syncs", notNullValue());
    }

    @Test
    void aTaskIsVisibleForFiveMinutesAfterItEndedByTheEnginesClockThen404() throws Exception {
        String id = post("/api/sync/patient", "{\"piz\":\"9999999\",\"date\":\"2025-10-06\"}", 202)
                .getString("task_id");
        assertEquals("completed", awaitEnd(id).getString("status"));
        try {
            jobClock.advance(Duration.ofMinutes(4));
            given().get("/api/sync/status/" + id).then().statusCode(200);
            given().get("/api/sync/active").then().statusCode(200).body("tasks.task_id", hasItem(id));
            jobClock.advance(Duration.ofMinutes(2));
            given().get("/api/sync/status/" + id).then().statusCode(404).body("error", equalTo("Task not found"));
            given().get("/api/sync/active")
                    .then()
                    .statusCode(200)
                    .body("tasks.task_id", org.hamcrest.Matchers.not(hasItem(id)));
        } finally {
            jobClock.reset();
        }
        // Unmoved, the task is back: only the clock decided, nothing was deleted early.
        given().get("/api/sync/status/" + id).then().statusCode(200);
    }

    @Test
    void anEndedTaskIsPostedToItsWebhookUrlSignedAndRetried() throws Exception {
        CallbackReceiverResource.RECEIVED.clear();
        CallbackReceiverResource.failFirst.set(1);
        String url = io.restassured.RestAssured.baseURI + ":" + io.restassured.RestAssured.port
                + "/test-support/calldoc-callbacks";
        String taskId = post(
                        "/api/sync/patient",
                        "{\"piz\":\"1698369\",\"date\":\"2025-10-13\"," + "\"webhook_url\":\"" + url + "\"}",
                        202)
                .getString("task_id");
        JsonPath ended = awaitEnd(taskId);

        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (CallbackReceiverResource.RECEIVED.size() < 2) {
            assertTrue(Instant.now().isBefore(deadline), "callbacks: " + CallbackReceiverResource.RECEIVED);
            Thread.sleep(50);
        }
        var delivered = CallbackReceiverResource.RECEIVED.get(1);
        assertEquals("msg_" + taskId, delivered.headers().get("webhook-id"));
        assertEquals(
                CallbackReceiverResource.RECEIVED.get(0).headers().get("webhook-id"),
                delivered.headers().get("webhook-id"));
        long timestamp = Long.parseLong(delivered.headers().get("webhook-timestamp"));
        assertEquals(
                new StandardWebhookSigner("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
                        .sign("msg_" + taskId, timestamp, delivered.body()),
                delivered.headers().get("webhook-signature"));
        JsonPath body = new JsonPath(delivered.body());
        assertEquals(taskId, body.getString("task_id"));
        assertEquals(ended.getString("status"), body.getString("status"));
        assertEquals(ended.getString("result.message"), body.getString("result.message"));
    }

    /**
     * A task as the job engine stores it: a {@code calldoc.task} job, {@code status} in the seed's words, leased to
     * {@code node} while running.
     */
    private void insertTask(String id, String status, String start, String deadline, String end, String node)
            throws SQLException {
        String kind = id.startsWith("patient") ? "patient" : "day";
        String[] parts = id.split("_");
        String piz = kind.equals("patient") ? "\"" + parts[2] + "\"" : "null";
        String date = kind.equals("patient") ? parts[3] : parts[1];
        int type = Integer.parseInt(kind.equals("patient") ? parts[4] : parts[2]);
        String jobStatus =
                switch (status) {
                    case "completed" -> "succeeded";
                    case "failed" -> "dead";
                    default -> status;
                };
        String payload = "{\"kind\":\"" + kind + "\",\"piz\":" + piz + ",\"date\":\"" + date
                + "\",\"appointment_type_id\":" + type + ",\"webhook_url\":null}";
        try (Connection c = tasks.getConnection();
                PreparedStatement ps = c.prepareStatement("INSERT INTO sync_job (job_type, payload, external_id,"
                        + " job_group, group_limit, deadline_ms, retention_ms, status, attempts, max_attempts,"
                        + " started_at, deadline, finished_at, locked_by, locked_until) VALUES ('calldoc.task',"
                        + " ?::jsonb, ?, 'test.elsewhere', 1, 60000, 300000, ?, 1, 2, " + start + ", " + deadline
                        + ", " + (end == null ? "NULL" : end) + ", ?, "
                        + ("running".equals(status) ? "now() + interval '1 hour'" : "NULL") + ")")) {
            ps.setString(1, payload);
            ps.setString(2, id);
            ps.setString(3, jobStatus);
            ps.setString(4, "running".equals(status) ? node : null);
            ps.executeUpdate();
        }
    }

    private int taskCount(String date) throws SQLException {
        try (Connection c = tasks.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        "SELECT count(*) FROM sync_job WHERE job_type = 'calldoc.task' AND payload->>'date' = '" + date
                                + "'")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private String sqlhkName(String piz) throws SQLException {
        try (Connection c = sqlhk.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT Nachname FROM Patient WHERE M1Ziffer = ?")) {
            ps.setInt(1, Integer.parseInt(piz));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private List<String> rows(String query) throws SQLException {
        return JdbcRows.rows(sqlhk, query);
    }
}
