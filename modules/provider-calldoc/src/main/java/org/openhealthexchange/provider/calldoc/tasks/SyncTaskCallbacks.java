package org.openhealthexchange.provider.calldoc.tasks;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.logging.Logger;
import org.openhealthexchange.core.spi.SecretSealer;
import org.openhealthexchange.core.spi.jobs.JobQueue;
import org.openhealthexchange.core.spi.jobs.JobRequest;

/**
 * Queues the callback of an ended task for delivery to its {@code webhook_url}. The job engine carries the delivery,
 * so it survives restarts and is retried with the engine's backoff; one delivery per task (the job's external id is
 * {@code calldoc.callback:<task id>}). The body is {@link SyncTaskDocuments#callback}: without
 * {@code ohe.provider.calldoc.tasks.callback-patient-data} it carries what the caller sent, the status and the counts
 * only. It is stored in the job's payload sealed with the server's vault ({@code sealed_body}), so no job row holds
 * it in plaintext for {@code ohe.jobs.retention}.
 */
@ApplicationScoped
class SyncTaskCallbacks {

    static final String JOB_TYPE = "calldoc.callback";
    private static final Logger LOG = Logger.getLogger(SyncTaskCallbacks.class);

    private final JobQueue jobs;
    private final SecretSealer sealer;
    private final boolean patientData;

    SyncTaskCallbacks(JobQueue jobs, SecretSealer sealer, CallDocTasksConfig config) {
        this.jobs = jobs;
        this.sealer = sealer;
        this.patientData = config.callbackPatientData();
    }

    void taskEnded(SyncTask task) {
        if (task.webhookUrl() == null) {
            return;
        }
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("url", task.webhookUrl());
        payload.put("webhook_id", "msg_" + task.taskId());
        payload.put(
                "sealed_body", sealer.seal(SyncTaskDocuments.toJson(SyncTaskDocuments.callback(task, patientData))));
        try {
            jobs.submit(JobRequest.of(JOB_TYPE, SyncTaskDocuments.toJson(payload))
                    .withExternalId(externalId(task.taskId())));
        } catch (RuntimeException e) {
            LOG.errorf(
                    "Could not queue the callback of CallDoc task %s: %s",
                    task.taskId(), e.getClass().getName());
        }
    }

    static String externalId(String taskId) {
        return JOB_TYPE + ":" + taskId;
    }
}
