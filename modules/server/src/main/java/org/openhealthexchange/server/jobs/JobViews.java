package org.openhealthexchange.server.jobs;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.openhealthexchange.core.spi.jobs.JobFailure;
import org.openhealthexchange.core.spi.jobs.JobState;
import org.openhealthexchange.core.spi.jobs.JobView;

/**
 * Jobs as their submitters see them ({@link org.openhealthexchange.core.spi.jobs.JobQueue}): looked up by external
 * id, hidden once their retention ran out by {@code clock}, results decrypted. Plain Java, so a test can run it on
 * a clock of its own.
 */
public final class JobViews {

    private final SyncJobQueue queue;
    private final UnaryOperator<String> open;
    private final Clock clock;
    private final Duration defaultRetention;

    /** @param open decrypts a stored result; throws {@link IllegalStateException} naming the key id when it cannot */
    public JobViews(SyncJobQueue queue, UnaryOperator<String> open, Clock clock, Duration defaultRetention) {
        this.queue = queue;
        this.open = open;
        this.clock = clock;
        this.defaultRetention = defaultRetention;
    }

    public Optional<JobView> find(String type, String externalId) {
        return queue.findExternal(type, externalId, clock.instant(), defaultRetention)
                .map(this::view);
    }

    public List<JobView> visible(String type) {
        return queue.visible(type, clock.instant(), defaultRetention).stream()
                .map(this::view)
                .toList();
    }

    JobView view(SyncJob job) {
        String result = null;
        String unreadable = null;
        if (job.resultSealed() != null) {
            try {
                result = open.apply(job.resultSealed());
            } catch (IllegalStateException e) {
                unreadable = "The job's stored result cannot be read: " + e.getMessage();
            }
        }
        JobState state =
                switch (job.status()) {
                    case PENDING -> JobState.PENDING;
                    case RUNNING -> JobState.RUNNING;
                    case SUCCEEDED -> JobState.SUCCEEDED;
                    case DEAD -> JobState.FAILED;
                };
        JobFailure failure = null;
        if (state == JobState.FAILED) {
            failure = switch (job.failure() == null ? "error" : job.failure()) {
                case "deadline" -> JobFailure.DEADLINE;
                case "lease" -> JobFailure.LEASE_EXPIRED;
                default -> JobFailure.ERROR;};
        }
        return new JobView(
                job.type(),
                job.externalId(),
                state,
                job.payload(),
                job.createdAt(),
                job.startedAt(),
                job.finishedAt(),
                job.deadline(),
                job.lockedBy(),
                job.progressDone(),
                job.progressTotal(),
                result,
                failure,
                unreadable != null ? unreadable : state == JobState.SUCCEEDED ? null : job.lastError());
    }
}
