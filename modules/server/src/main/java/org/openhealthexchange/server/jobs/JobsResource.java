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
public class JobsResource {

    /** A job as the API shows it. */
    public record JobView(
            long id,
            String type,
            String provider,
            String ehrUserId,
            String status,
            int attempts,
            int maxAttempts,
            Instant windowStart,
            Instant windowEnd,
            Instant runAfter,
            String lastError,
            Instant createdAt,
            Instant updatedAt,
            Instant finishedAt) {

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
    public JobView get(@PathParam("id") String id) {
        return JobView.of(visibleJob(id));
    }

    @POST
    @Path("{id}/retry")
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
