package org.openhealthexchange.server.calldoc;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.logging.Logger;
import org.openhealthexchange.server.config.OheConfig;
import org.openhealthexchange.server.jobs.JobQueueService;
import org.openhealthexchange.server.jobs.NewJob;
import org.openhealthexchange.server.vault.TokenVault;

/**
 * Queues the callback of an ended task for delivery to its {@code webhook_url}. The durable job queue carries the
 * delivery, so it survives restarts and is retried with the queue's backoff; one delivery per task. The body is
 * {@link SyncTaskDocuments#callback}: without {@code ohe.calldoc-sync.callback-patient-data} it carries what the caller
 * sent, the status and the counts only. It is stored in the job's payload encrypted with the vault
 * ({@code sealed_body}), so no job row holds it in plaintext for {@code ohe.jobs.retention}.
 */
@ApplicationScoped
class SyncTaskCallbacks {

    static final String JOB_TYPE = "calldoc.callback";
    private static final Logger LOG = Logger.getLogger(SyncTaskCallbacks.class);

    private final JobQueueService jobs;
    private final TokenVault vault;
    private final boolean patientData;

    SyncTaskCallbacks(JobQueueService jobs, TokenVault vault, OheConfig config) {
        this.jobs = jobs;
        this.vault = vault;
        this.patientData = config.calldocSync().callbackPatientData();
    }

    void taskEnded(SyncTask task) {
        if (task.webhookUrl() == null) {
            return;
        }
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("url", task.webhookUrl());
        payload.put("webhook_id", "msg_" + task.taskId());
        payload.put(
                "sealed_body", vault.encrypt(SyncTaskDocuments.toJson(SyncTaskDocuments.callback(task, patientData))));
        try {
            jobs.enqueue(NewJob.of(JOB_TYPE, SyncTaskDocuments.toJson(payload))
                    .withDedupKey(JOB_TYPE + ":" + task.taskId()));
        } catch (RuntimeException e) {
            LOG.errorf(
                    "Could not queue the callback of CallDoc task %s: %s",
                    task.taskId(), e.getClass().getName());
        }
    }
}
