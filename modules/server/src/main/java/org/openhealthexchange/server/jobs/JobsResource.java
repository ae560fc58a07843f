package org.openhealthexchange.server.jobs;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.openhealthexchange.server.auth.CallerScope;
import org.openhealthexchange.server.auth.IntegratorApi;
import org.openhealthexchange.server.http.ApiException;
import org.openhealthexchange.server.http.InputRules;
import org.openhealthexchange.server.http.Paged;

/**
 * The job queue as integrators and operators see it: a user's jobs, one job, and re-queueing a dead-lettered one.
 * Callers see only the users their token grants; system jobs (no user) need the {@code *} grant.
 */
@Path("/api/base/jobs")
@Produces(MediaType.APPLICATION_JSON)
@IntegratorApi
@SecurityRequirement(name = IntegratorApi.SECURITY_SCHEME)
@Tag(name = "Jobs", description = "The durable job queue: a user's jobs, one job, re-queueing a dead-lettered one")
public class JobsResource {

    /** A job as the API shows it. */
    public record JobView(
            long id,
            String type,
            @Schema(nullable = true) String provider,
            @Schema(nullable = true) String ehrUserId,
            String status,
            int attempts,
            int maxAttempts,
            @Schema(nullable = true) Instant windowStart,
            @Schema(nullable = true) Instant windowEnd,
            Instant runAfter,
            @Schema(nullable = true) String lastError,
            Instant createdAt,
            Instant updatedAt,
            @Schema(nullable = true) Instant finishedAt) {

        static JobView of(SyncJob j) {
            return new JobView(
                    j.id(),
                    j.type(),
                    j.provider(),
                    j.ehrUserId(),
                    j.status().dbValue(),
                    j.attempts(),
                    j.maxAttempts(),
                    j.windowStart(),
                    j.windowEnd(),
                    j.runAfter(),
                    j.lastError(),
                    j.createdAt(),
                    j.updatedAt(),
                    j.finishedAt());
        }
    }

    private final JobQueueService jobs;
    private final CallerScope caller;

    JobsResource(JobQueueService jobs, CallerScope caller) {
        this.jobs = jobs;
        this.caller = caller;
    }

    @GET
    @Operation(
            operationId = "listJobs",
            summary = "Jobs, newest first; without ehr_user_id the caller needs the * grant")
    @APIResponse(responseCode = "200", description = "A page of jobs")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    public Paged<JobView> list(
            @QueryParam("ehr_user_id") String ehrUserId,
            @QueryParam("status") String status,
            @QueryParam("page") String page,
            @QueryParam("page_size") String pageSize,
            @Context UriInfo uri) {
        JobStatus filter = parseStatus(status);
        var request = Paged.Request.of(page, pageSize);
        caller.require(blankToNull(ehrUserId));
        String user = blankToNull(ehrUserId);
        var items = jobs.queue().list(user, filter, request.offset(), request.size()).stream()
                .map(JobView::of)
                .toList();
        return Paged.of(items, jobs.queue().count(user, filter), request, uri);
    }

    @GET
    @Path("{id}")
    @Operation(operationId = "getJob", summary = "One job")
    @APIResponse(responseCode = "200", description = "The job")
    @APIResponse(responseCode = "404", description = "No such job visible to the caller", ref = "NotFound")
    public JobView get(@PathParam("id") String id) {
        return JobView.of(visibleJob(id));
    }

    @POST
    @Path("{id}/retry")
    @Operation(operationId = "retryJob", summary = "Re-queue a dead-lettered job with fresh attempts")
    @APIResponse(responseCode = "200", description = "The job as re-queued")
    @APIResponse(responseCode = "404", description = "No such job visible to the caller", ref = "NotFound")
    @APIResponse(responseCode = "409", description = "The job is not dead-lettered (conflict)", ref = "Conflict")
    public JobView retry(@PathParam("id") String id) {
        SyncJob job = visibleJob(id);
        if (!jobs.queue().requeueDead(job.id())) {
            throw new ApiException(
                    409,
                    "conflict",
                    "Only dead-lettered jobs can be retried; this one is "
                            + job.status().dbValue(),
                    Map.of("status", job.status().dbValue()));
        }
        // Read before waking the worker, so the answer shows the job as re-queued rather than its next outcome.
        JobView requeued = JobView.of(jobs.queue().find(job.id()).orElseThrow());
        jobs.wakeWorker();
        return requeued;
    }

    private SyncJob visibleJob(String id) {
        long jobId;
        try {
            jobId = Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw ApiException.validation(Map.of("id", List.of("A job id is an integer.")));
        }
        SyncJob job = jobs.queue().find(jobId).orElseThrow(() -> ApiException.notFound("No job " + jobId));
        if (!caller.mayActFor(job.ehrUserId())) {
            // Do not reveal that another user's job exists.
            throw ApiException.notFound("No job " + jobId);
        }
        return job;
    }

    private static JobStatus parseStatus(String status) {
        if (status == null || status.isBlank()) {
            return null;
        }
        try {
            return JobStatus.fromDb(status.trim());
        } catch (IllegalArgumentException e) {
            throw ApiException.validation(Map.of(
                    "status",
                    List.of("Invalid choice: '" + InputRules.quote(status) + "'. Expected one of "
                            + Arrays.stream(JobStatus.values())
                                    .map(JobStatus::dbValue)
                                    .toList() + ".")));
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
