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
import org.openhealthexchange.core.spi.jobs.JobQueue;
import org.openhealthexchange.core.spi.jobs.JobRequest;
import org.openhealthexchange.core.spi.jobs.JobView;
import org.openhealthexchange.core.spi.jobs.Submission;
import org.openhealthexchange.server.config.OheConfig;
import org.openhealthexchange.server.metrics.OheMetrics;
import org.openhealthexchange.server.vault.TokenVault;

/**
 * The node's entry to the job queue: enqueue from anywhere, and this node's worker when jobs are enabled. It is also
 * the job engine modules see through {@link JobQueue}, and it runs their {@link
 * org.openhealthexchange.core.spi.jobs.JobHandler}s (CDI beans, found by type) on the same workers.
 */
@ApplicationScoped
public class JobQueueService implements JobQueue {

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

    private final TokenVault vault;
    private final JobViews views;

    JobQueueService(
            OheConfig config,
            AgroalDataSource dataSource,
            @Any Instance<JobHandler> handlerBeans,
            @Any Instance<org.openhealthexchange.core.spi.jobs.JobHandler> moduleHandlers,
            TokenVault vault,
            Instance<JobClock> clocks,
            OheMetrics metrics) {
        this.config = config.jobs();
        this.dataSource = dataSource;
        this.queue = new SyncJobQueue(dataSource);
        this.metrics = metrics;
        this.vault = vault;
        java.time.Clock clock = java.time.Clock.systemUTC();
        if (clocks.isResolvable()) {
            JobClock jobClock = clocks.get();
            clock = new java.time.Clock() {
                @Override
                public java.time.ZoneId getZone() {
                    return java.time.ZoneOffset.UTC;
                }

                @Override
                public java.time.Clock withZone(java.time.ZoneId zone) {
                    return this;
                }

                @Override
                public java.time.Instant instant() {
                    return jobClock.now();
                }
            };
        }
        this.views = new JobViews(queue, vault::decrypt, clock, this.config.retention());
        java.util.List<JobHandler> all = new java.util.ArrayList<>();
        handlerBeans.forEach(all::add);
        moduleHandlers.forEach(h -> all.add(adapt(h)));
        for (JobHandler h : all) {
            JobHandler previous = handlers.put(h.type(), h);
            if (previous != null) {
                throw new IllegalStateException(
                        "Two job handlers for type " + h.type() + ": " + previous + " and " + h);
            }
        }
    }

    void start(@Observes StartupEvent event) {
        if (!config.enabled()) {
            LOG.info("Job workers are disabled on this node (ohe.jobs.enabled=false)");
            return;
        }
        worker = new JobWorker(queue, this::handler, settings(config), workerId(), this::observe);
        worker.sealResultsWith(vault::encrypt);
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

    @Override
    public Submission submit(JobRequest request) {
        SyncJobQueue.Submitted done = queue.submit(
                NewJob.of(request.type(), request.payload()),
                request.maxAttempts() == null ? config.maxAttempts() : request.maxAttempts(),
                request.externalId(),
                request.uniqueKey(),
                request.group(),
                request.group() == null ? null : request.groupLimit(),
                request.deadline(),
                request.retention());
        if (done.refusal() == null) {
            wakeWorker();
            return new Submission(Submission.Outcome.ACCEPTED, done.externalId());
        }
        return new Submission(
                done.refusal() == SyncJobQueue.Submitted.Refusal.DUPLICATE
                        ? Submission.Outcome.DUPLICATE
                        : Submission.Outcome.ID_TAKEN,
                done.externalId());
    }

    @Override
    public Optional<JobView> find(String type, String externalId) {
        return views.find(type, externalId);
    }

    @Override
    public java.util.List<JobView> visible(String type) {
        return views.visible(type);
    }

    /** A module's handler on the server's workers: it sees the attempt, never the row. */
    static JobHandler adapt(org.openhealthexchange.core.spi.jobs.JobHandler handler) {
        return new JobHandler() {
            @Override
            public String type() {
                return handler.type();
            }

            @Override
            public void run(SyncJob job) {
                throw new IllegalStateException("runs with its attempt only");
            }

            @Override
            public void run(SyncJob job, JobAttempt attempt) throws Exception {
                handler.run(attempt);
            }

            @Override
            public String toString() {
                return handler.getClass().getName();
            }
        };
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
        if (config.leaseRenewal().compareTo(config.deadlineLease()) >= 0) {
            throw new IllegalStateException("ohe.jobs.lease-renewal (" + config.leaseRenewal()
                    + ") must be shorter than ohe.jobs.deadline-lease (" + config.deadlineLease() + ")");
        }
        return new JobWorker.Settings(
                config.workerThreads(),
                config.pollInterval(),
                config.timeout(),
                config.leaseGrace(),
                new Backoff(config.backoffBase(), config.backoffMax()),
                config.deadlineLease(),
                config.leaseRenewal());
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
