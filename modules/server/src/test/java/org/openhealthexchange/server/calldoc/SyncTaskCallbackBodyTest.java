package org.openhealthexchange.server.calldoc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openhealthexchange.server.vault.TokenVault;

/** What a callback carries by default and on opt-in, and the sealing of what a task stores. Pure. */
class SyncTaskCallbackBodyTest {

    private static final String RESULT = "{\"success\":true,\"message\":\"Single-Patient erfolgreich synchronisiert\","
            + "\"execution_time_ms\":12,\"patient\":{\"found\":true,\"name\":\"Wippel\",\"vorname\":\"Hermann\","
            + "\"geburtsdatum\":\"02.03.1950\"},\"stats\":{\"appointments_found\":1,\"patient_found\":true,"
            + "\"sqlhk_action\":\"created\",\"errors\":[\"fhir: Wippel rejected\"]},"
            + "\"sqlhk_sync\":{\"action\":\"created\",\"untersuchung_id\":20369}}";

    private static SyncTask task(String status, String result, String error, String detail) {
        Instant t = Instant.parse("2025-10-04T12:00:00Z");
        return new SyncTask(
                "patient_sync_1698369_2025-10-06_24_20251004120000",
                "patient",
                "1698369",
                LocalDate.parse("2025-10-06"),
                24,
                status,
                "https://example.org/hook",
                t,
                t,
                t.plusSeconds(3),
                t,
                "w",
                null,
                null,
                null,
                result,
                error,
                detail);
    }

    private static TokenVault vault(String id, int fill) {
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) fill);
        return new TokenVault(List.of(id + ":" + Base64.getEncoder().encodeToString(key)));
    }

    @Test
    void byDefaultTheCallbackCarriesWhatTheCallerSentTheStatusAndCountsOnly() {
        String body =
                SyncTaskDocuments.toJson(SyncTaskDocuments.callback(task("completed", RESULT, null, null), false));
        assertEquals(
                "{\"task_id\":\"patient_sync_1698369_2025-10-06_24_20251004120000\",\"status\":\"completed\","
                        + "\"piz\":\"1698369\",\"date\":\"2025-10-06\",\"appointment_type_id\":24,"
                        + "\"start_time\":\"2025-10-04T12:00:00\",\"end_time\":\"2025-10-04T12:00:03\","
                        + "\"duration_seconds\":3.00,\"result\":{\"success\":true,"
                        + "\"message\":\"Single-Patient erfolgreich synchronisiert\",\"execution_time_ms\":12,"
                        + "\"patient\":{\"found\":true},\"stats\":{\"appointments_found\":1,\"patient_found\":true,"
                        + "\"sqlhk_action\":\"created\",\"error_count\":1},"
                        + "\"sqlhk_sync\":{\"action\":\"created\",\"untersuchung_id\":20369}},\"error\":null}",
                body);
    }

    @Test
    void aFailuresOwnTextStaysOutOfTheDefaultCallbackWhileOhesOwnMessagesStay() {
        SyncTask failed = task("failed", null, null, "SQLHK write failed: truncated value 'Wippel'");
        String body = SyncTaskDocuments.toJson(SyncTaskDocuments.callback(failed, false));
        assertFalse(body.contains("Wippel"), body);
        assertTrue(
                body.contains(
                        "\"error\":\"Task failed; the reason is in GET /api/sync/status/" + failed.taskId() + "\""),
                body);
        assertEquals(
                "SQLHK write failed: truncated value 'Wippel'",
                SyncTaskDocuments.status(failed).get("error"));

        SyncTask timedOut = task("failed", null, "Timeout: the task exceeded 60 seconds", null);
        assertEquals(
                "Timeout: the task exceeded 60 seconds",
                SyncTaskDocuments.callback(timedOut, false).get("error"));
    }

    @Test
    void withPatientDataTheCallbackIsTheStatusDocument() {
        SyncTask done = task("completed", RESULT, null, null);
        assertEquals(
                SyncTaskDocuments.toJson(SyncTaskDocuments.status(done)),
                SyncTaskDocuments.toJson(SyncTaskDocuments.callback(done, true)));
        assertTrue(
                SyncTaskDocuments.toJson(SyncTaskDocuments.callback(done, true)).contains("\"vorname\":\"Hermann\""));
    }

    @Test
    void theSealKeepsResultAndFailureTextEncryptedAndInTheirKeyOrder() {
        SyncTaskSeal seal = new SyncTaskSeal(vault("k1", 1));
        String sealed = seal.seal(RESULT, "detail about Wippel");
        assertFalse(sealed.contains("Wippel"));
        assertTrue(sealed.startsWith("k1:"));
        SyncTaskSeal.Opened opened = seal.open(sealed);
        assertEquals(RESULT, opened.resultJson());
        assertEquals("detail about Wippel", opened.failureDetail());
        assertNull(seal.seal(null, null));
        assertEquals(new SyncTaskSeal.Opened(null, null), seal.open(null));
    }

    @Test
    void aSealWhoseKeyIsGoneReadsAsNoResultWithAReasonNotAsAnException() {
        String sealed = new SyncTaskSeal(vault("old", 1)).seal(RESULT, null);
        SyncTaskSeal.Opened opened = new SyncTaskSeal(vault("new", 2)).open(sealed);
        assertNull(opened.resultJson());
        assertTrue(
                opened.failureDetail().startsWith("The task's stored result cannot be read"), opened.failureDetail());
        assertFalse(opened.failureDetail().contains("Wippel"));
    }
}
