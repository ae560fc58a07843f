package org.openhealthexchange.server.calldoc;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.logging.Logger;
import org.openhealthexchange.server.jobs.JobQueueService;
import org.openhealthexchange.server.jobs.NewJob;

/**
 * Queues the status document of an ended task for delivery to its {@code webhook_url}. The durable job queue
 * carries the delivery, so it survives restarts and is retried with the queue's backoff; one delivery per task.
 */
@ApplicationScoped
class SyncTaskCallbacks {

    static final String JOB_TYPE = "calldoc.callback";
    private static final Logger LOG = Logger.getLogger(SyncTaskCallbacks.class);

    private final JobQueueService jobs;

    SyncTaskCallbacks(JobQueueService jobs) {
        this.jobs = jobs;
    }

    void taskEnded(SyncTask task) {
        if (task.webhookUrl() == null) {
            return;
        }
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("url", task.webhookUrl());
        payload.put("webhook_id", "msg_" + task.taskId());
        payload.put("body", SyncTaskDocuments.toJson(SyncTaskDocuments.status(task)));
        try {
            jobs.enqueue(NewJob.of(JOB_TYPE, SyncTaskDocuments.toJson(payload))
                    .withDedupKey(JOB_TYPE + ":" + task.taskId()));
        } catch (RuntimeException e) {
            LOG.errorf("Could not queue the callback of CallDoc task %s: %s", task.taskId(), e.toString());
        }
    }
}
