package org.openhealthexchange.provider.calldoc.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openhealthexchange.provider.calldoc.tasks.CallDocTaskBodies.DayResult;
import org.openhealthexchange.provider.calldoc.tasks.CallDocTaskBodies.DayStats;
import org.openhealthexchange.provider.calldoc.tasks.CallDocTaskBodies.DaySyncAccepted;
import org.openhealthexchange.provider.calldoc.tasks.CallDocTaskBodies.PatientResult;
import org.openhealthexchange.provider.calldoc.tasks.CallDocTaskBodies.PatientStats;
import org.openhealthexchange.provider.calldoc.tasks.CallDocTaskBodies.PatientSummary;
import org.openhealthexchange.provider.calldoc.tasks.CallDocTaskBodies.PatientSyncAccepted;
import org.openhealthexchange.provider.calldoc.tasks.CallDocTaskBodies.SqlhkSync;
import org.openhealthexchange.provider.calldoc.tasks.CallDocTaskBodies.TaskConflict;
import org.openhealthexchange.provider.calldoc.tasks.CallDocTaskBodies.TaskError;

/**
 * The task API's records write the seed's JSON byte for byte (names, order, absent and null fields), both with the
 * server's ObjectMapper ({@code quarkus.jackson.property-naming-strategy=SNAKE_CASE}) and with the plain one that
 * stores results and writes callbacks. The expected strings are the seed's examples
 * ({@code calldoc-sqlhk-sync-api.md}) without whitespace; where OHE adds a field ({@code appointment_type_id} in the
 * status document and the single patient's active entry) docs/API.md names it. Pure.
 */
class CallDocTaskBodiesWireTest {

    /** Like the server's: Quarkus' ObjectMapper with the application's naming strategy. */
    private static final ObjectMapper APP =
            new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

    private static final String PATIENT_TASK = "patient_sync_1698369_2025-10-06_24_20251004120000";
    private static final String DAY_TASK = "sync_2025-10-06_24_20251004120000";
    private static final Instant NOON = Instant.parse("2025-10-04T12:00:00Z");

    private static void wire(String expected, Object body) throws Exception {
        assertEquals(expected, APP.writeValueAsString(body), "with the server's ObjectMapper");
        assertEquals(expected, SyncTaskDocuments.toJson(body), "with the plain ObjectMapper");
    }

    private static SyncTask task(
            String id,
            String kind,
            String piz,
            String status,
            Instant end,
            Integer processed,
            Integer total,
            String result) {
        return new SyncTask(
                id,
                kind,
                piz,
                LocalDate.parse("2025-10-06"),
                24,
                status,
                null,
                NOON,
                NOON,
                end,
                NOON.plusSeconds(60),
                processed,
                total,
                result,
                null,
                null);
    }

    @Test
    void theAcceptedAnswersAreTheSeeds() throws Exception {
        wire(
                "{\"message\":\"Single patient synchronization started\",\"task_id\":\"" + PATIENT_TASK + "\","
                        + "\"piz\":\"1698369\",\"date\":\"2025-10-06\",\"status_url\":\"/api/sync/status/"
                        + PATIENT_TASK + "\"}",
                PatientSyncAccepted.of(
                        PATIENT_TASK, new TaskRequest("1698369", LocalDate.parse("2025-10-06"), 24, null)));
        wire(
                "{\"message\":\"Synchronization started\",\"task_id\":\"" + DAY_TASK + "\","
                        + "\"status_url\":\"/api/sync/status/" + DAY_TASK + "\"}",
                DaySyncAccepted.of(DAY_TASK));
    }

    @Test
    void theErrorBodiesAreTheSeedsNotTheEnvelope() throws Exception {
        wire(
                "{\"error\":\"Missing required fields: date, piz\",\"example\":{\"date\":\"2025-08-20\","
                        + "\"piz\":\"12345\",\"appointment_type_id\":24}}",
                TaskRequestParser.parse("{}", true).error());
        wire(
                "{\"error\":\"Missing required fields: date\",\"example\":{\"date\":\"2025-08-20\","
                        + "\"appointment_type_id\":24}}",
                TaskRequestParser.parse("{}", false).error());
        wire(
                "{\"error\":\"Invalid date format. Use YYYY-MM-DD\"}",
                TaskRequestParser.parse("{\"date\":\"06.10.2025\"}", false).error());
        wire("{\"error\":\"Task not found\"}", new TaskError(CallDocSyncResource.NOT_FOUND));
        wire(
                "{\"error\":\"Unsupported Content-Type. Use application/json\"}",
                new TaskError(CallDocSyncResource.UNSUPPORTED_TYPE));
        wire(
                "{\"error\":\"Synchronization already running for this date\",\"task_id\":\"" + DAY_TASK + "\"}",
                new TaskConflict("Synchronization already running for this date", DAY_TASK));
    }

    @Test
    void aSinglePatientsStatusIsTheSeedsWithItsType() throws Exception {
        String result = SyncTaskDocuments.toJson(new PatientResult(
                true,
                "Single-Patient erfolgreich synchronisiert",
                2913,
                new PatientSummary(true, "Wippel", "Hermann", null),
                new PatientStats(1, true, "created", List.of()),
                new SqlhkSync("created", 20369)));
        wire(
                "{\"task_id\":\"" + PATIENT_TASK + "\",\"status\":\"completed\",\"piz\":\"1698369\","
                        + "\"date\":\"2025-10-06\",\"appointment_type_id\":24,\"start_time\":\"2025-10-04T12:00:00\","
                        + "\"end_time\":\"2025-10-04T12:00:03\",\"duration_seconds\":3.02,\"result\":{\"success\":true,"
                        + "\"message\":\"Single-Patient erfolgreich synchronisiert\",\"execution_time_ms\":2913,"
                        + "\"patient\":{\"found\":true,\"name\":\"Wippel\",\"vorname\":\"Hermann\","
                        + "\"geburtsdatum\":null},\"stats\":{\"appointments_found\":1,\"patient_found\":true,"
                        + "\"sqlhk_action\":\"created\",\"errors\":[]},\"sqlhk_sync\":{\"action\":\"created\","
                        + "\"untersuchung_id\":20369}},\"error\":null}",
                SyncTaskDocuments.status(task(
                        PATIENT_TASK, "patient", "1698369", "completed", NOON.plusMillis(3020), null, null, result)));
    }

    @Test
    void aPendingTaskShowsItsNullsAndADayItsProgress() throws Exception {
        wire(
                "{\"task_id\":\"" + PATIENT_TASK + "\",\"status\":\"pending\",\"piz\":\"1698369\","
                        + "\"date\":\"2025-10-06\",\"appointment_type_id\":24,\"start_time\":null,\"end_time\":null,"
                        + "\"duration_seconds\":null,\"result\":null,\"error\":null}",
                SyncTaskDocuments.status(new SyncTask(
                        PATIENT_TASK,
                        "patient",
                        "1698369",
                        LocalDate.parse("2025-10-06"),
                        24,
                        "pending",
                        null,
                        NOON,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null)));
        wire(
                "{\"task_id\":\"" + DAY_TASK + "\",\"status\":\"running\",\"date\":\"2025-10-06\","
                        + "\"appointment_type_id\":24,\"start_time\":\"2025-10-04T12:00:00\",\"end_time\":null,"
                        + "\"duration_seconds\":null,\"processed\":0,\"total\":null,\"result\":null,\"error\":null}",
                SyncTaskDocuments.status(task(DAY_TASK, "day", null, "running", null, null, null, null)));
        String result = SyncTaskDocuments.toJson(new DayResult(
                true,
                "Tagessynchronisation abgeschlossen: 2 neu, 1 aktualisiert, 0 unverändert",
                40,
                new DayStats(4, 3, 1, 2, 1, 0, List.of())));
        wire(
                "{\"task_id\":\"" + DAY_TASK + "\",\"status\":\"completed\",\"date\":\"2025-10-06\","
                        + "\"appointment_type_id\":24,\"start_time\":\"2025-10-04T12:00:00\","
                        + "\"end_time\":\"2025-10-04T12:00:01\",\"duration_seconds\":1.00,\"processed\":4,\"total\":4,"
                        + "\"result\":{\"success\":true,\"message\":\"Tagessynchronisation abgeschlossen: 2 neu, 1"
                        + " aktualisiert, 0 unverändert\",\"execution_time_ms\":40,\"stats\":{\"appointments_found\":4,"
                        + "\"appointments_synced\":3,\"canceled_skipped\":1,\"created\":2,\"updated\":1,"
                        + "\"already_exists\":0,\"errors\":[]}},\"error\":null}",
                SyncTaskDocuments.status(task(DAY_TASK, "day", null, "completed", NOON.plusSeconds(1), 4, 4, result)));
    }

    @Test
    void theActiveListIsTheSeedsWithItsType() throws Exception {
        wire(
                "{\"count\":2,\"tasks\":[{\"task_id\":\"" + DAY_TASK + "\",\"status\":\"running\","
                        + "\"date\":\"2025-10-06\",\"appointment_type_id\":24,\"start_time\":\"2025-10-04T12:00:00\"},"
                        + "{\"task_id\":\"patient_sync_1698369_2025-10-06_24_20251004115959\",\"status\":\"completed\","
                        + "\"piz\":\"1698369\",\"date\":\"2025-10-06\",\"appointment_type_id\":24,"
                        + "\"start_time\":\"2025-10-04T11:59:59\",\"end_time\":\"2025-10-04T12:00:02\"}]}",
                SyncTaskDocuments.active(List.of(
                        task(DAY_TASK, "day", null, "running", null, 0, 4, null),
                        new SyncTask(
                                "patient_sync_1698369_2025-10-06_24_20251004115959",
                                "patient",
                                "1698369",
                                LocalDate.parse("2025-10-06"),
                                24,
                                "completed",
                                null,
                                NOON.minusSeconds(1),
                                NOON.minusSeconds(1),
                                NOON.plusSeconds(2),
                                NOON.plusSeconds(59),
                                null,
                                null,
                                null,
                                null,
                                null))));
        wire("{\"count\":0,\"tasks\":[]}", SyncTaskDocuments.active(List.of()));
    }
}
