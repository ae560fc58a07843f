package org.openhealthexchange.server.calldoc;

import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;
import org.openhealthexchange.server.config.OheConfig;
import org.openhealthexchange.server.vault.TokenVault;

/**
 * Accepts, runs and reports CallDoc sync tasks. Every node polls the task table: it fails tasks past their deadline
 * and tasks whose lease ran out, forgets tasks past retention and claims pending ones while fewer than
 * {@code max-running} run cluster-wide.
 *
 * <p>Crash recovery is by lease, as in the job queue: each process has a worker id of its own (host name plus a random
 * UUID per start, so two replicas or two runs of one pod never share it); a claimed task is leased to that id until
 * {@code locked_until}, and a heartbeat renews the leases of the tasks this process runs every
 * {@code lease-renewal}. A task whose lease ran out is failed by any node ({@code Interrupted: …}); it is not run
 * again, because its process may still be writing (a long pause, a lost database connection), and two writers of
 * one patient could insert it twice into SQLHK. Start-up fails nothing by name; a task this process finds no longer
 * leased to it is stopped.
 */
@ApplicationScoped
public class SyncTaskService {

    /** Runs one task (the {@link CallDocSyncRunner}; a stand-in in tests). */
    interface TaskRunner {
        CallDocSyncRunner.Outcome run(SyncTask task, Instant deadline, CallDocSyncRunner.Progress progress)
                throws Exception;
    }

    static final String LEASE_EXPIRED =
            "Interrupted: the node running the task ({worker}) stopped renewing its" + " lease; submit the task again";
    static final String STOPPED = "Interrupted: the service stopped while the task was running; submit the task again";

    private static final Logger LOG = Logger.getLogger(SyncTaskService.class);
    private static final int PURGE_EVERY_POLLS = 50;

    private final OheConfig.CalldocSync config;
    private final SyncTaskStore store;
    private final TaskRunner runner;
    private final SyncTaskCallbacks callbacks;
    private final String host;
    private final String workerId;
    private final Map<String, LocalRun> runningHere = new ConcurrentHashMap<>();
    private final Semaphore wakeUp = new Semaphore(0);
    private final AtomicBoolean polling = new AtomicBoolean();
    private final AtomicBoolean closing = new AtomicBoolean();
    private final Clock clock = Clock.systemUTC();
    private final Semaphore slots;
    private final ExecutorService pool;
    private Thread poller;
    private ScheduledExecutorService heartbeat;

    @Inject
    SyncTaskService(
            OheConfig config,
            AgroalDataSource dataSource,
            TokenVault vault,
            CallDocSyncRunner runner,
            SyncTaskCallbacks callbacks) {
        this(
                config.calldocSync(),
                new SyncTaskStore(dataSource, vault),
                runner::run,
                callbacks,
                System.getenv().getOrDefault("HOSTNAME", "node"));
    }

    /** @param host this machine's name, part of the worker id for operators; never its only part */
    SyncTaskService(
            OheConfig.CalldocSync config,
            SyncTaskStore store,
            TaskRunner runner,
            SyncTaskCallbacks callbacks,
            String host) {
        this.config = config;
        this.store = store;
        this.runner = runner;
        this.callbacks = callbacks;
        this.host = host;
        String name = host.length() > 80 ? host.substring(0, 80) : host;
        this.workerId = name + "-" + UUID.randomUUID();
        this.slots = new Semaphore(config.maxRunning());
        this.pool = Executors.newFixedThreadPool(config.maxRunning(), r -> new Thread(r, "calldoc-task"));
    }

    void start(@Observes StartupEvent event) throws SQLException {
        if (config.leaseRenewal().compareTo(config.lease()) >= 0) {
            throw new IllegalStateException("ohe.calldoc-sync.lease-renewal (" + config.leaseRenewal()
                    + ") must be shorter than ohe.calldoc-sync.lease (" + config.lease() + ")");
        }
        recoverAtStart();
        if (config.workerEnabled()) {
            startWorker();
        }
    }

    /**
     * What a start does before it polls: fail the tasks whose lease ran out (any process's: a crashed previous run of
     * this one included, once its lease is over). Nothing is failed because of the name of the host it ran on.
     */
    List<String> recoverAtStart() throws SQLException {
        List<String> recovered = recoverExpiredLeases();
        if (!recovered.isEmpty()) {
            LOG.warnf("Marked %d CallDoc task(s) failed whose lease ran out: %s", recovered.size(), recovered);
        }
        return recovered;
    }

    /** Starts polling for tasks and renewing the leases of the tasks this process runs. */
    synchronized void startWorker() {
        polling.set(true);
        poller = new Thread(this::pollLoop, "calldoc-task-poller");
        poller.setDaemon(true);
        poller.start();
        heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "calldoc-task-lease");
            t.setDaemon(true);
            return t;
        });
        long every = config.leaseRenewal().toMillis();
        heartbeat.scheduleWithFixedDelay(this::heartbeat, every, every, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        close();
    }

    /**
     * Stops polling and renewing, interrupts the tasks running here and fails those that could not record their
     * end themselves (they are this process's by worker id, so no other replica's task is touched).
     */
    synchronized void close() throws InterruptedException {
        closing.set(true);
        polling.set(false);
        if (poller != null) {
            poller.interrupt();
        }
        if (heartbeat != null) {
            heartbeat.shutdownNow();
        }
        pool.shutdownNow();
        pool.awaitTermination(5, TimeUnit.SECONDS);
        try {
            for (String id : store.failHeldBy(workerId, STOPPED)) {
                store.find(id, config.retention()).ifPresent(callbacks::taskEnded);
            }
        } catch (SQLException | RuntimeException e) {
            LOG.warnf(
                    "Could not end the CallDoc tasks of %s at shutdown (their lease will run out): %s",
                    workerId, e.getClass().getName());
        }
    }

    /**
     * Fails the running tasks whose lease ran out, whichever process held them, and queues their callbacks. Run at
     * start and on every poll; a task whose process still renews its lease is never touched.
     */
    List<String> recoverExpiredLeases() throws SQLException {
        List<String> recovered = store.failExpiredLeases(LEASE_EXPIRED);
        for (String id : recovered) {
            LOG.warnf("CallDoc task %s failed: its lease ran out", id);
            store.find(id, config.retention()).ifPresent(callbacks::taskEnded);
        }
        return recovered;
    }

    /**
     * Renews the leases of the tasks running in this process; a task no longer leased to it (a timeout or another
     * node's lease recovery ended it) is stopped here. Returns the ids renewed.
     */
    List<String> renewLeases() throws SQLException {
        Set<String> here = Set.copyOf(runningHere.keySet());
        List<String> renewed = store.renew(workerId, here, config.lease());
        for (String id : here) {
            LocalRun run = runningHere.get(id);
            if (!renewed.contains(id) && run != null && run.cancel()) {
                LOG.warnf("CallDoc task %s is no longer leased to %s; stopped it", id, workerId);
            }
        }
        return renewed;
    }

    private void heartbeat() {
        try {
            renewLeases();
        } catch (SQLException | RuntimeException e) {
            LOG.warnf(
                    "Could not renew the CallDoc task leases of %s: %s",
                    workerId, e.getClass().getName());
        }
    }

    /** What a submission did: the accepted task's id, or the id of the active task that makes it a duplicate. */
    record Submission(String taskId, boolean accepted) {}

    /**
     * Inserts a pending task. Ids have the seed's one-second resolution, so a repeat of a request that ended within
     * the same second waits for the next second to get an id of its own.
     */
    Submission submit(TaskRequest request) throws SQLException, InterruptedException {
        for (int attempt = 0; ; attempt++) {
            String taskId = request.taskId(LocalDateTime.now(clock.withZone(ZoneOffset.UTC)));
            Optional<String> conflict = store.insertOrConflict(taskId, request);
            if (conflict.isEmpty()) {
                wakeUp.release();
                return new Submission(taskId, true);
            }
            if (!conflict.get().equals(taskId) || attempt == 2) {
                return new Submission(conflict.get(), false);
            }
            Thread.sleep(1000 - LocalDateTime.now(clock).getNano() / 1_000_000 + 5);
        }
    }

    Optional<SyncTask> find(String taskId) throws SQLException {
        return store.find(taskId, config.retention());
    }

    List<SyncTask> visible() throws SQLException {
        return store.visible(config.retention());
    }

    /** Tasks running now, cluster-wide (the {@code active_syncs} of {@code /health}). */
    public int runningCount() {
        try {
            return store.countRunning();
        } catch (SQLException e) {
            return 0;
        }
    }

    /** The host name part of the worker id. */
    String host() {
        return host;
    }

    /** Tasks this process is running now. */
    int runningHere() {
        return runningHere.size();
    }

    /** This process's id in {@code locked_by}: unique per start. */
    String workerId() {
        return workerId;
    }

    private void pollLoop() {
        long polls = 0;
        while (polling.get()) {
            try {
                pollOnce(polls++ % PURGE_EVERY_POLLS == 0);
            } catch (Exception e) {
                LOG.warnf("CallDoc task poll failed: %s", e.getClass().getName());
            }
            try {
                wakeUp.tryAcquire(config.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
                wakeUp.drainPermits();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    void pollOnce(boolean purge) throws SQLException {
        String timeoutError = "Timeout: the task exceeded " + config.timeout().toSeconds() + " seconds";
        for (String id : store.failTimedOut(timeoutError)) {
            LocalRun run = runningHere.get(id);
            if (run != null) {
                run.cancel();
            }
            LOG.warnf("CallDoc task %s timed out", id);
            store.find(id, config.retention()).ifPresent(callbacks::taskEnded);
        }
        recoverExpiredLeases();
        if (purge) {
            store.purge(config.retention());
        }
        int free = slots.availablePermits();
        if (free == 0) {
            return;
        }
        for (SyncTask task : store.claim(workerId, free, config.maxRunning(), config.timeout(), config.lease())) {
            launch(task);
        }
    }

    /** Runs a task claimed by this process ({@code locked_by} = {@link #workerId()}) on the pool. */
    void launch(SyncTask task) {
        slots.acquireUninterruptibly();
        LocalRun run = new LocalRun();
        runningHere.put(task.taskId(), run);
        pool.execute(() -> execute(task, run));
    }

    private void execute(SyncTask task, LocalRun run) {
        String status = "completed";
        String result = null;
        String error = null;
        String detail = null;
        try {
            if (!run.attach()) {
                return; // stopped before it started; whoever stopped it ended the row
            }
            try {
                var outcome = runner.run(
                        task,
                        task.deadline(),
                        (processed, total) -> store.progress(task.taskId(), workerId, processed, total));
                result = SyncTaskDocuments.toJson(outcome.result());
            } catch (CallDocSyncRunner.TaskTimeoutException e) {
                status = "failed";
                error = "Timeout: the task exceeded " + config.timeout().toSeconds() + " seconds";
            } catch (Exception e) {
                status = "failed";
                if (closing.get()) {
                    error = STOPPED; // interrupted by the shutdown, whatever the exception says
                } else {
                    detail = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                }
                // The type only: messages of CallDoc or a sink can quote patient data.
                LOG.warnf(
                        "CallDoc task %s failed: %s",
                        task.taskId(), e.getClass().getName());
            } finally {
                run.detach();
                Thread.interrupted(); // a stop that came too late to matter must not break the bookkeeping below
            }
            if (store.finish(task.taskId(), workerId, status, result, error, detail)) {
                store.find(task.taskId(), config.retention()).ifPresent(callbacks::taskEnded);
            }
        } catch (SQLException | RuntimeException e) {
            LOG.errorf(
                    "Could not record the end of CallDoc task %s (its lease will run out): %s",
                    task.taskId(), e.getClass().getName());
        } finally {
            runningHere.remove(task.taskId());
            slots.release();
            wakeUp.release();
        }
    }

    Duration timeout() {
        return config.timeout();
    }

    /** The thread running a task here, so that a stop interrupts that task and never a later one of the pool. */
    private static final class LocalRun {
        private Thread thread;
        private boolean stopped;
        private boolean done;

        synchronized boolean attach() {
            if (stopped) {
                return false;
            }
            thread = Thread.currentThread();
            return true;
        }

        synchronized void detach() {
            thread = null;
            done = true;
        }

        /** Stops the task; true when it was still running or had not started. */
        synchronized boolean cancel() {
            if (done || stopped) {
                return false;
            }
            stopped = true;
            if (thread != null) {
                thread.interrupt();
            }
            return true;
        }
    }
}
