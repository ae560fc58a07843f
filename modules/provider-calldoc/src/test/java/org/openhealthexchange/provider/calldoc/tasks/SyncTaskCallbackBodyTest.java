package org.openhealthexchange.provider.calldoc.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.openhealthexchange.core.spi.jobs.JobFailure;
import org.openhealthexchange.core.spi.jobs.JobState;
import org.openhealthexchange.core.spi.jobs.JobView;

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
                null,
                null,
                result,
                error,
                detail);
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
                SyncTaskDocuments.status(failed).error());

        SyncTask timedOut = task("failed", null, "Timeout: the task exceeded 60 seconds", null);
        assertEquals(
                "Timeout: the task exceeded 60 seconds",
                SyncTaskDocuments.callback(timedOut, false).error());
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

    private static JobView job(JobState state, String result, JobFailure failure, String error) {
        Instant t = Instant.parse("2025-10-04T12:00:00Z");
        return new JobView(
                CallDocTasks.JOB_TYPE,
                "patient_sync_1698369_2025-10-06_24_20251004120000",
                state,
                new TaskRequest("1698369", LocalDate.parse("2025-10-06"), 24, "https://example.org/hook").payload(),
                t,
                t,
                t.plusSeconds(3),
                t.plusSeconds(60),
                null,
                null,
                null,
                result,
                failure,
                error);
    }

    @Test
    void theStoredDocumentKeepsResultAndFailureTextApartAndInTheirKeyOrder() {
        String stored = SyncTaskDocuments.document(RESULT, "detail about Wippel");
        SyncTask task = SyncTask.of(job(JobState.FAILED, stored, JobFailure.ERROR, "the task failed"), SIXTY);
        assertEquals(RESULT, task.result());
        assertEquals("detail about Wippel", task.failureDetail());
        assertEquals("detail about Wippel", task.errorText());
        assertEquals("failed", task.status());
        SyncTask done =
                SyncTask.of(job(JobState.SUCCEEDED, SyncTaskDocuments.document(RESULT, null), null, null), SIXTY);
        assertEquals("completed", done.status());
        assertNull(done.errorText());
    }

    @Test
    void aDeadlineAndALostLeaseReadAsTheSeedsTimeoutAndAsInterrupted() {
        assertEquals(
                "Timeout: the task exceeded 60 seconds",
                SyncTask.of(job(JobState.FAILED, null, JobFailure.DEADLINE, "deadline exceeded"), SIXTY)
                        .errorText());
        String interrupted = SyncTask.of(
                        job(JobState.FAILED, null, JobFailure.LEASE_EXPIRED, "lease expired: worker n1 stopped"), SIXTY)
                .errorText();
        assertTrue(interrupted.startsWith("Interrupted: ") && interrupted.contains("n1"), interrupted);
        assertNull(SyncTask.of(job(JobState.RUNNING, null, null, null), SIXTY).errorText());
    }

    @Test
    void aResultWhoseKeyIsGoneReadsAsNoResultWithAReasonNotAsAnException() {
        SyncTask task = SyncTask.of(
                job(JobState.SUCCEEDED, null, null, "The job's stored result cannot be read: unknown key id old"),
                SIXTY);
        assertNull(task.result());
        assertTrue(task.errorText().startsWith("The task's stored result cannot be read"), task.errorText());
    }

    private static final java.time.Duration SIXTY = java.time.Duration.ofSeconds(60);
}
