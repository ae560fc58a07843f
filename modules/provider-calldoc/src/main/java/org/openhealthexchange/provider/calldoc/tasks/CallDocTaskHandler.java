package org.openhealthexchange.provider.calldoc.tasks;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import org.jboss.logging.Logger;
import org.openhealthexchange.core.spi.jobs.DeadlineExceededException;
import org.openhealthexchange.core.spi.jobs.JobContext;
import org.openhealthexchange.core.spi.jobs.JobFailedException;
import org.openhealthexchange.core.spi.jobs.JobHandler;
import org.openhealthexchange.core.spi.jobs.JobQueue;

/**
 * Runs one task on the server's job workers ({@value CallDocTasks#JOB_TYPE}): the {@link CallDocSyncRunner}, with the
 * job's deadline. The seed's {@code result} and a failure's own text (CallDoc's or a sink's, which can quote record
 * values) become the job's result, which the engine stores encrypted; the job's plaintext error names the failure's
 * type only. A task never retries by itself: only a crash (its lease ran out) or a stopping node runs it again on
 * another node. At its end the completion callback is queued ({@link SyncTaskCallbacks}).
 */
@ApplicationScoped
class CallDocTaskHandler implements JobHandler {

    private static final Logger LOG = Logger.getLogger(CallDocTaskHandler.class);

    /** Runs one task (the {@link CallDocSyncRunner}; a stand-in in tests). */
    interface TaskRunner {
        CallDocSyncRunner.Outcome run(
                String taskId, TaskRequest task, Instant deadline, CallDocSyncRunner.Progress progress)
                throws Exception;
    }

    private final TaskRunner runner;
    private final SyncTaskCallbacks callbacks;
    private final JobQueue jobs;
    private final Duration timeout;
    private final java.util.function.Consumer<LocalDate> daySynced;

    @jakarta.inject.Inject
    CallDocTaskHandler(
            CallDocSyncRunner runner,
            SyncTaskCallbacks callbacks,
            JobQueue jobs,
            CallDocTasksConfig config,
            CallDocInstallation installation) {
        this.runner = runner::run;
        this.callbacks = callbacks;
        this.jobs = jobs;
        this.timeout = config.timeout();
        this.daySynced = installation::daySynced;
    }

    @Override
    public String type() {
        return CallDocTasks.JOB_TYPE;
    }

    @Override
    public void run(JobContext job) throws Exception {
        TaskRequest task = request(job.payload());
        String resultJson = null;
        String detail = null;
        String ownError = null;
        Exception failure = null;
        try {
            resultJson = SyncTaskDocuments.toJson(runner.run(job.externalId(), task, job.deadline(), job::progress)
                    .result());
        } catch (DeadlineExceededException e) {
            ownError = SyncTask.timeoutError(timeout);
            failure = e;
        } catch (Exception e) {
            if (pastDeadline(job)) {
                ownError = SyncTask.timeoutError(timeout); // interrupted by the deadline, whatever it says
                failure = new DeadlineExceededException();
            } else if (interrupted(e)) {
                // The node is stopping: not the task's failure. The engine puts it back (another attempt, on
                // whichever node claims it next) and nothing is reported yet.
                Thread.interrupted();
                throw new Exception("the node stopped while the task was running", e);
            } else {
                detail = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                // The type only: messages of CallDoc or a sink can quote patient data.
                LOG.warnf(
                        "CallDoc task %s failed: %s",
                        job.externalId(), e.getClass().getName());
                failure = new JobFailedException(
                        "the task failed: " + e.getClass().getSimpleName());
            }
        }
        Thread.interrupted(); // a stop that came too late to matter must not break the bookkeeping below
        if (resultJson != null || detail != null) {
            job.result(SyncTaskDocuments.document(resultJson, detail));
        }
        if (failure == null && task.piz() == null) {
            recordDay(job, task.date());
        }
        taskEnded(job, task, failure == null ? "completed" : "failed", resultJson, ownError, detail);
        if (failure != null) {
            throw failure;
        }
    }

    /** The installation's connection notes the synced day; a failure here never fails the finished task. */
    private void recordDay(JobContext job, LocalDate day) {
        try {
            daySynced.accept(day);
        } catch (RuntimeException e) {
            LOG.warnf(
                    "CallDoc task %s: could not record the synced day on the installation's connection: %s",
                    job.externalId(), e.getClass().getName());
        }
    }

    private static boolean interrupted(Throwable e) {
        if (Thread.currentThread().isInterrupted()) {
            return true;
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InterruptedException) {
                return true;
            }
        }
        return false;
    }

    private static boolean pastDeadline(JobContext job) {
        return job.deadline() != null && !Instant.now().isBefore(job.deadline());
    }

    private void taskEnded(
            JobContext job, TaskRequest task, String status, String resultJson, String ownError, String detail) {
        if (task.webhookUrl() == null) {
            return;
        }
        try {
            SyncTask now = jobs.find(CallDocTasks.JOB_TYPE, job.externalId())
                    .map(v -> SyncTask.of(v, timeout))
                    .orElseThrow();
            callbacks.taskEnded(now.ended(status, Instant.now(), resultJson, ownError, detail));
        } catch (RuntimeException e) {
            LOG.errorf(
                    "Could not queue the callback of CallDoc task %s: %s",
                    job.externalId(), e.getClass().getName());
        }
    }

    static TaskRequest request(String payload) {
        JsonNode p = SyncTaskDocuments.read(payload);
        return new TaskRequest(
                p.path("piz").isTextual() ? p.get("piz").asText() : null,
                LocalDate.parse(p.path("date").asText()),
                p.path("appointment_type_id").asInt(),
                p.path("webhook_url").isTextual() ? p.get("webhook_url").asText() : null);
    }

    /** For tests: a handler on a stand-in runner. */
    CallDocTaskHandler(TaskRunner runner, SyncTaskCallbacks callbacks, JobQueue jobs, Duration timeout) {
        this.runner = runner;
        this.callbacks = callbacks;
        this.jobs = jobs;
        this.timeout = timeout;
        this.daySynced = day -> {};
    }
}
