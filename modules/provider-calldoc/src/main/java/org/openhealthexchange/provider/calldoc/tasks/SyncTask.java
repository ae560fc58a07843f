package org.openhealthexchange.provider.calldoc.tasks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import org.openhealthexchange.core.spi.jobs.JobView;

/**
 * One task, read from its job: what the caller sent is the job's payload, the seed's {@code result} object and a
 * failure's own text are the job's (encrypted) result. {@code error} is a message OHE composed itself (timeout,
 * interrupted), free of record data; {@code failureDetail} is the text of a failure (CallDoc's or a sink's), which
 * can quote record values.
 */
record SyncTask(
        String taskId,
        String kind,
        String piz,
        LocalDate date,
        int appointmentTypeId,
        String status,
        String webhookUrl,
        Instant createdAt,
        Instant startTime,
        Instant endTime,
        Instant deadline,
        Integer processed,
        Integer total,
        String result,
        String error,
        String failureDetail) {

    private static final String UNREADABLE = "The job's stored result cannot be read";

    boolean singlePatient() {
        return "patient".equals(kind);
    }

    boolean ended() {
        return "completed".equals(status) || "failed".equals(status);
    }

    /** The seed's {@code error}: the failure's own text when there is one. */
    String errorText() {
        return failureDetail != null ? failureDetail : error;
    }

    /** This task ended now with {@code status} (what a callback reports before the job row says so). */
    SyncTask ended(String endStatus, Instant at, String resultJson, String ownError, String detail) {
        return new SyncTask(
                taskId,
                kind,
                piz,
                date,
                appointmentTypeId,
                endStatus,
                webhookUrl,
                createdAt,
                startTime,
                at,
                deadline,
                processed,
                total,
                resultJson,
                ownError,
                detail);
    }

    /** The error text of a task that ran past its deadline. */
    static String timeoutError(Duration timeout) {
        return "Timeout: the task exceeded " + timeout.toSeconds() + " seconds";
    }

    static SyncTask of(JobView job, Duration timeout) {
        JsonNode payload = read(job.payload());
        String status =
                switch (job.state()) {
                    case PENDING -> "pending";
                    case RUNNING -> "running";
                    case SUCCEEDED -> "completed";
                    case FAILED -> "failed";
                };
        String resultJson = null;
        String detail = null;
        if (job.result() != null) {
            JsonNode doc = read(job.result());
            JsonNode r = doc.path("result");
            resultJson = r.isMissingNode() || r.isNull() ? null : SyncTaskDocuments.toJson(r);
            detail = doc.path("error").isTextual() ? doc.get("error").asText() : null;
        }
        if (job.result() == null && job.error() != null && job.error().startsWith(UNREADABLE)) {
            // The vault key of the stored result is no longer configured: no result, and an error saying so.
            detail = "The task's" + job.error().substring("The job's".length());
        }
        String error = null;
        if (job.failure() != null) {
            error = switch (job.failure()) {
                case DEADLINE -> timeoutError(timeout);
                case LEASE_EXPIRED -> "Interrupted: " + job.error() + "; submit the task again";
                case ERROR -> detail == null ? job.error() : null;};
        }
        return new SyncTask(
                job.externalId(),
                payload.path("kind").asText(),
                payload.path("piz").isTextual() ? payload.get("piz").asText() : null,
                LocalDate.parse(payload.path("date").asText()),
                payload.path("appointment_type_id").asInt(),
                status,
                payload.path("webhook_url").isTextual()
                        ? payload.get("webhook_url").asText()
                        : null,
                job.createdAt(),
                job.startedAt(),
                job.state().finished() ? job.finishedAt() : null,
                job.deadline(),
                job.progressDone(),
                job.progressTotal(),
                resultJson,
                error,
                detail);
    }

    private static JsonNode read(String json) {
        try {
            return SyncTaskDocuments.JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored task document is not JSON", e);
        }
    }
}
