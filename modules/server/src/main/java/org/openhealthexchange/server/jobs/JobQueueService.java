package org.openhealthexchange.server.jobs;

import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.openhealthexchange.server.config.OheConfig;
import org.openhealthexchange.server.metrics.OheMetrics;

/** The node's entry to the job queue: enqueue from anywhere, and this node's worker when jobs are enabled. */
@ApplicationScoped
public class JobQueueService {

    private static final Logger LOG = Logger.getLogger(JobQueueService.class);

    private final OheConfig.Jobs config;
    private final SyncJobQueue queue;
    private final AgroalDataSource dataSource;
    private final Map<String, JobHandler> handlers = new HashMap<>();
    private final OheMetrics metrics;
    private volatile JobWorker worker;

    @jakarta.inject.Inject
    @Any
    Instance<LeaseRecoveryStep> recoverySteps;

    JobQueueService(
            OheConfig config, AgroalDataSource dataSource, @Any Instance<JobHandler> handlerBeans, OheMetrics metrics) {
        this.config = config.jobs();
        this.dataSource = dataSource;
        this.queue = new SyncJobQueue(dataSource);
        this.metrics = metrics;
        for (JobHandler h : handlerBeans) {
            JobHandler previous = handlers.put(h.type(), h);
            if (previous != null) {
                throw new IllegalStateException("Two job handlers for type " + h.type() + ": "
                        + previous.getClass().getName() + " and " + h.getClass().getName());
            }
        }
    }

    void start(@Observes StartupEvent event) {
        if (!config.enabled()) {
            LOG.info("Job workers are disabled on this node (ohe.jobs.enabled=false)");
            return;
        }
        worker = new JobWorker(queue, this::handler, settings(config), workerId(), this::observe);
        worker.afterLeaseRecovery(count -> recoverySteps.forEach(step -> step.leasesRecovered(count)));
        worker.start();
        LOG.infof(
                "Job worker %s started with %d thread(s) for types %s",
                worker.workerId(), config.workerThreads(), handlers.keySet());
    }

    void stop(@Observes ShutdownEvent event) {
        if (worker != null) {
            worker.stop(Duration.ofSeconds(10));
        }
    }

    /** Enqueues a job (deduplicated by its key) and wakes this node's worker. */
    public EnqueueResult enqueue(NewJob job) {
        return enqueue(job, false);
    }

    /** Enqueues a job that runs again even when an identical one finished (see {@link SyncJobQueue#enqueue}). */
    public EnqueueResult enqueueAgain(NewJob job) {
        return enqueue(job, true);
    }

    /**
     * Enqueues a job that merges into pending work of the same coalescing key (see
     * {@link SyncJobQueue#enqueue(java.sql.Connection, NewJob, int, boolean, SyncJobQueue.Coalescing)}).
     */
    public EnqueueResult enqueue(NewJob job, SyncJobQueue.Coalescing coalescing) {
        EnqueueResult result;
        try (java.sql.Connection c = dataSource.getConnection()) {
            result = queue.enqueue(c, job, config.maxAttempts(), false, coalescing);
        } catch (java.sql.SQLException e) {
            throw new SyncJobQueue.JobStoreException("enqueue failed", e);
        }
        if (result.created()) {
            wakeWorker();
        }
        return result;
    }

    /**
     * As {@link #enqueue(NewJob, SyncJobQueue.Coalescing)} on the caller's connection and inside its transaction
     * (auto-commit off): it commits or rolls back with the caller's work. The caller wakes the worker after its
     * commit ({@link #wakeWorker()}).
     */
    public EnqueueResult enqueue(java.sql.Connection c, NewJob job, SyncJobQueue.Coalescing coalescing) {
        return queue.enqueue(c, job, config.maxAttempts(), false, coalescing);
    }

    private EnqueueResult enqueue(NewJob job, boolean replaceFinished) {
        EnqueueResult result = queue.enqueue(job, config.maxAttempts(), replaceFinished);
        if (result.created()) {
            wakeWorker();
        }
        return result;
    }

    /** Lets this node's worker poll now (after a job was made ready outside {@link #enqueue}). */
    public void wakeWorker() {
        JobWorker w = worker;
        if (w != null) {
            w.wake();
        }
    }

    public SyncJobQueue queue() {
        return queue;
    }

    public boolean workerRunning() {
        return worker != null;
    }

    public Optional<JobHandler> handler(String type) {
        return Optional.ofNullable(handlers.get(type));
    }

    /** The settings a worker takes from configuration. */
    public static JobWorker.Settings settings(OheConfig.Jobs config) {
        return new JobWorker.Settings(
                config.workerThreads(),
                config.pollInterval(),
                config.timeout(),
                config.leaseGrace(),
                new Backoff(config.backoffBase(), config.backoffMax()));
    }

    private void observe(SyncJob job, String outcome, Duration took) {
        metrics.syncOperation(job.provider(), job.type(), outcome, took);
    }

    private static String workerId() {
        String host = System.getenv().getOrDefault("HOSTNAME", "node");
        return host + ":" + ManagementFactory.getRuntimeMXBean().getPid() + ":"
                + UUID.randomUUID().toString().substring(0, 8);
    }
}
