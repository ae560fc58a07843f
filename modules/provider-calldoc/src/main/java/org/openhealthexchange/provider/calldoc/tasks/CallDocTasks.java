package org.openhealthexchange.provider.calldoc.tasks;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.openhealthexchange.core.spi.jobs.JobQueue;
import org.openhealthexchange.core.spi.jobs.JobRequest;
import org.openhealthexchange.core.spi.jobs.Submission;

/**
 * The seed's tasks on the server's job engine: a task is a job of type {@value #JOB_TYPE} whose external id is the
 * seed's task id. The engine holds what the seed promises: one active task per day and per patient and day (the
 * uniqueness key, a 409), {@code max-running} at once cluster-wide (the group limit), the 60 s timeout (the
 * deadline), crash recovery (leases), progress, the result (encrypted) and the 5 minutes of visibility (retention).
 */
@ApplicationScoped
public class CallDocTasks {

    static final String JOB_TYPE = "calldoc.task";
    static final String GROUP = "calldoc.tasks";

    private final JobQueue jobs;
    private final CallDocTasksConfig config;
    private final Clock clock = Clock.systemUTC();

    CallDocTasks(JobQueue jobs, CallDocTasksConfig config) {
        this.jobs = jobs;
        this.config = config;
    }

    /** What a submission did: the accepted task's id, or the id of the active task that makes it a duplicate. */
    record Submitted(String taskId, boolean accepted) {}

    /**
     * Submits a pending task. Ids have the seed's one-second resolution, so a repeat of a request that ended within
     * the same second waits for the next second to get an id of its own.
     */
    Submitted submit(TaskRequest request) throws InterruptedException {
        for (int attempt = 0; ; attempt++) {
            String taskId = request.taskId(LocalDateTime.now(clock.withZone(ZoneOffset.UTC)));
            Submission s = jobs.submit(JobRequest.of(JOB_TYPE, request.payload())
                    .withExternalId(taskId)
                    .withUniqueKey(request.uniqueKey())
                    .inGroup(GROUP, config.maxRunning())
                    .withDeadline(config.timeout())
                    .withRetention(config.retention())
                    .withMaxAttempts(Math.max(1, config.maxAttempts())));
            switch (s.outcome()) {
                case ACCEPTED -> {
                    return new Submitted(taskId, true);
                }
                case DUPLICATE -> {
                    return new Submitted(s.externalId(), false);
                }
                case ID_TAKEN -> {
                    if (attempt == 2) {
                        return new Submitted(taskId, false);
                    }
                    Thread.sleep(1000 - LocalDateTime.now(clock).getNano() / 1_000_000 + 5);
                }
            }
        }
    }

    Optional<SyncTask> find(String taskId) {
        return jobs.find(JOB_TYPE, taskId).map(j -> SyncTask.of(j, config.timeout()));
    }

    List<SyncTask> visible() {
        return jobs.visible(JOB_TYPE).stream()
                .map(j -> SyncTask.of(j, config.timeout()))
                .toList();
    }

    Duration timeout() {
        return config.timeout();
    }
}
