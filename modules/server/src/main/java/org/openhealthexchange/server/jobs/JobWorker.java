package org.openhealthexchange.server.jobs;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.IntConsumer;
import java.util.function.UnaryOperator;
import org.jboss.logging.Logger;
import org.openhealthexchange.core.spi.ProviderException;
import org.openhealthexchange.core.spi.jobs.DeadlineExceededException;
import org.openhealthexchange.core.spi.jobs.JobFailedException;

/**
 * Claims jobs from the {@link SyncJobQueue} and runs them on a bounded pool. Each run is watched: past the timeout
 * the thread is interrupted and the attempt recorded as failed, and the lease (timeout + grace) is what lets
 * another node recover a job whose worker died. Plain Java so that tests can run several on one database.
 */
public final class JobWorker implements AutoCloseable {

    /**
     * How a worker runs: parallelism, polling, the time limit of a job and the retry schedule. A job without a
     * deadline is leased for its time limit plus {@code leaseGrace}; a job with a deadline for {@code deadlineLease},
     * renewed every {@code leaseRenewal} while it runs here.
     */
    public record Settings(
            int threads,
            Duration pollInterval,
            Duration timeout,
            Duration leaseGrace,
            Backoff backoff,
            Duration deadlineLease,
            Duration leaseRenewal) {

        public Settings(int threads, Duration pollInterval, Duration timeout, Duration leaseGrace, Backoff backoff) {
            this(threads, pollInterval, timeout, leaseGrace, backoff, Duration.ofSeconds(30), Duration.ofSeconds(10));
        }
    }

    /** Told about every finished attempt (metrics). */
    public interface Observer {
        void attemptFinished(SyncJob job, String outcome, Duration took);
    }

    private static final Logger LOG = Logger.getLogger(JobWorker.class);
    private static final int RECOVER_EVERY_POLLS = 10;

    private final SyncJobQueue queue;
    private final Function<String, Optional<JobHandler>> handlers;
    private final Settings settings;
    private final String workerId;
    private final Observer observer;
    private final Semaphore slots;
    private final Semaphore wakeUp = new Semaphore(0);
    private final ExecutorService pool;
    private final ScheduledExecutorService watchdog;
    private final AtomicBoolean running = new AtomicBoolean();
    /** Jobs with a deadline running here and their threads: the heartbeat renews their leases. */
    private final java.util.concurrent.ConcurrentHashMap<Long, Thread> renewing =
            new java.util.concurrent.ConcurrentHashMap<>();

    private Thread poller;
    private volatile IntConsumer afterRecovery = count -> {};
    private volatile UnaryOperator<String> sealResults = UnaryOperator.identity();

    public JobWorker(
            SyncJobQueue queue,
            Function<String, Optional<JobHandler>> handlers,
            Settings settings,
            String workerId,
            Observer observer) {
        this.queue = queue;
        this.handlers = handlers;
        this.settings = settings;
        this.workerId = workerId;
        this.observer = observer;
        this.slots = new Semaphore(settings.threads());
        this.pool = Executors.newFixedThreadPool(settings.threads(), r -> new Thread(r, workerId + "-job"));
        this.watchdog = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, workerId + "-watchdog"));
    }

    public String workerId() {
        return workerId;
    }

    /** Runs after each lease recovery that recovered jobs, on the polling thread (see {@link LeaseRecoveryStep}). */
    public void afterLeaseRecovery(IntConsumer step) {
        this.afterRecovery = step;
    }

    /** How job results are encrypted before they are stored (the vault in the server; plaintext by default). */
    public void sealResultsWith(UnaryOperator<String> seal) {
        this.sealResults = seal;
    }

    public synchronized void start() {
        if (running.compareAndSet(false, true)) {
            poller = new Thread(this::pollLoop, workerId + "-poller");
            poller.setDaemon(true);
            poller.start();
            long every = settings.leaseRenewal().toMillis();
            watchdog.scheduleWithFixedDelay(this::renewLeases, every, every, TimeUnit.MILLISECONDS);
        }
    }

    /** Polls at once instead of after the poll interval (called after an enqueue on this node). */
    public void wake() {
        wakeUp.release();
    }

    private void pollLoop() {
        long polls = 0;
        while (running.get()) {
            try {
                if (polls++ % RECOVER_EVERY_POLLS == 0) {
                    queue.purgeExpiredRetention(java.time.Instant.now());
                    int recovered = queue.recoverExpiredLeases();
                    if (recovered > 0) {
                        LOG.warnf("Recovered %d job(s) whose worker stopped before finishing", recovered);
                        afterRecovery(recovered);
                    }
                }
                int free = slots.availablePermits();
                List<SyncJob> claimed =
                        free > 0 ? queue.claim(workerId, free, lease(), settings.deadlineLease()) : List.of();
                for (SyncJob job : claimed) {
                    slots.acquire();
                    pool.execute(() -> runOne(job));
                }
                if (claimed.isEmpty() || claimed.size() < free) {
                    idle();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException | Error e) { // never let the poller thread die
                LOG.warnf("Job polling failed, retrying: %s", e.toString());
                idle();
            }
        }
    }

    /**
     * Renews the leases of the jobs with a deadline running here. A job no longer held here (another node recovered
     * it after this one stalled past its lease, or its deadline ended it) is stopped: its thread is interrupted, and
     * what it records afterwards is refused by the queue, since this worker no longer holds the row.
     */
    void renewLeases() {
        if (renewing.isEmpty()) {
            return;
        }
        try {
            List<Long> here = List.copyOf(renewing.keySet());
            java.util.Set<Long> renewed = java.util.Set.copyOf(queue.renew(workerId, here, settings.deadlineLease()));
            for (Long id : here) {
                if (!renewed.contains(id)) {
                    // Atomic against the job's own removal from the map, so the interrupt never reaches a later job.
                    renewing.computeIfPresent(id, (k, thread) -> {
                        thread.interrupt();
                        LOG.warnf("Job %d is no longer leased to %s; stopped it", id, workerId);
                        return thread;
                    });
                }
            }
        } catch (RuntimeException e) {
            LOG.warnf("Could not renew the job leases of %s: %s", workerId, e.getMessage());
        }
    }

    private void afterRecovery(int recovered) {
        try {
            afterRecovery.accept(recovered);
        } catch (RuntimeException e) {
            LOG.warnf("A step after lease recovery failed (retention catches up later): %s", e.getMessage());
        }
    }

    private void idle() {
        try {
            if (wakeUp.tryAcquire(settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS)) {
                wakeUp.drainPermits();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running.set(false);
        }
    }

    private Duration lease() {
        return settings.timeout().plus(settings.leaseGrace());
    }

    private void runOne(SyncJob job) {
        if (job.deadlineMs() != null) {
            renewing.put(job.id(), Thread.currentThread());
        }
        long started = System.nanoTime();
        AtomicBoolean decided = new AtomicBoolean();
        Thread thread = Thread.currentThread();
        Object threadGuard = new Object();
        boolean[] threadDone = {false};
        var timer = watchdog.schedule(
                () -> {
                    if (decided.compareAndSet(false, true)) {
                        synchronized (threadGuard) {
                            if (!threadDone[0]) {
                                thread.interrupt();
                            }
                        }
                        if (job.deadlineMs() != null) {
                            record(
                                    job,
                                    "timeout",
                                    started,
                                    () -> queue.fail(
                                            job.id(), workerId, deadlineError(job), Duration.ZERO, true, "deadline"));
                        } else {
                            record(
                                    job,
                                    "timeout",
                                    started,
                                    () -> queue.fail(
                                            job.id(),
                                            workerId,
                                            "timed out after " + settings.timeout(),
                                            settings.backoff().delayAfter(job.attempts(), null),
                                            false));
                        }
                    }
                },
                job.timeLimit(settings.timeout()).toMillis(),
                TimeUnit.MILLISECONDS);
        try {
            Optional<JobHandler> handler = handlers.apply(job.type());
            if (handler.isEmpty()) {
                throw new PermanentJobFailure("no handler for job type " + job.type());
            }
            handler.get().run(job, new JobAttempt(job, queue, workerId, sealResults));
            timer.cancel(false);
            if (decided.compareAndSet(false, true)) {
                record(job, "success", started, () -> queue.complete(job.id(), workerId));
            }
        } catch (Exception e) {
            timer.cancel(false);
            if (decided.compareAndSet(false, true)) {
                recordFailure(job, e, started);
            }
        } finally {
            renewing.remove(job.id());
            synchronized (threadGuard) {
                threadDone[0] = true;
                Thread.interrupted(); // a watchdog interrupt must not leak into the next job on this thread
            }
            slots.release();
            wakeUp.release();
        }
    }

    private static String deadlineError(SyncJob job) {
        return "deadline exceeded: the attempt ran longer than " + job.timeLimit(Duration.ZERO);
    }

    private void recordFailure(SyncJob job, Exception e, long started) {
        if (e instanceof DeadlineExceededException) {
            record(
                    job,
                    "timeout",
                    started,
                    () -> queue.fail(job.id(), workerId, deadlineError(job), Duration.ZERO, true, "deadline"));
            return;
        }
        boolean permanent = e instanceof PermanentJobFailure
                || e instanceof JobFailedException
                || e instanceof ProviderException p && !p.retryable();
        Duration vendorAsked = e instanceof ProviderException p ? p.retryAfter().orElse(null) : null;
        String error =
                e instanceof JobFailedException ? e.getMessage() : e.getClass().getSimpleName() + ": " + e.getMessage();
        if (!permanent) {
            LOG.infof("Job %d (%s) attempt %d failed: %s", job.id(), job.type(), job.attempts(), error);
        }
        record(job, "error", started, () -> queue.fail(
                        job.id(),
                        workerId,
                        error,
                        settings.backoff().delayAfter(job.attempts(), vendorAsked),
                        permanent)
                .filter(s -> s == JobStatus.DEAD)
                .ifPresent(s -> LOG.warnf(
                        "Job %d (%s) dead-lettered after %d attempt(s): %s",
                        job.id(), job.type(), job.attempts(), error)));
    }

    private void record(SyncJob job, String outcome, long startedNanos, Runnable write) {
        try {
            write.run();
        } catch (RuntimeException | Error e) {
            // The lease expires and another attempt follows: nothing acknowledged is lost.
            LOG.warnf("Could not record the outcome of job %d: %s", job.id(), e.getMessage());
        }
        observer.attemptFinished(job, outcome, Duration.ofNanos(System.nanoTime() - startedNanos));
    }

    /** Stops claiming and waits (up to {@code grace}) for running jobs; unfinished ones are recovered by lease. */
    public void stop(Duration grace) {
        running.set(false);
        wakeUp.release();
        if (poller != null) {
            try {
                poller.join(settings.pollInterval().toMillis() + 1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        pool.shutdown();
        try {
            if (!pool.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                pool.shutdownNow();
            }
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
        }
        watchdog.shutdownNow();
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(10));
    }
}
