package org.openhealthexchange.server.jobs;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import org.jboss.logging.Logger;
import org.openhealthexchange.server.config.OheConfig;

/** Deletes finished jobs past their retention. A Quartz job in the clustered JDBC store: one node runs each firing. */
@ApplicationScoped
public class JobRetention {

    private static final Logger LOG = Logger.getLogger(JobRetention.class);

    private final JobQueueService jobs;
    private final OheConfig config;

    JobRetention(JobQueueService jobs, OheConfig config) {
        this.jobs = jobs;
        this.config = config;
    }

    @Scheduled(
            identity = "ohe-job-retention",
            cron = "${ohe.jobs.retention-cron:0 30 3 * * ?}",
            timeZone = "UTC",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void purge() {
        int deleted = jobs.queue()
                .purgeFinishedBefore(Instant.now().minus(config.jobs().retention()));
        if (deleted > 0) {
            LOG.infof(
                    "Deleted %d finished job(s) older than %s",
                    deleted, config.jobs().retention());
        }
    }
}
