package org.openhealthexchange.server.calldoc;

import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;
import org.openhealthexchange.server.config.OheConfig;

/**
 * Accepts, runs and reports CallDoc sync tasks. Every node polls the task table: it fails tasks past their deadline,
 * forgets tasks past retention and claims pending ones while fewer than {@code max-running} run cluster-wide.
 */
@ApplicationScoped
public class SyncTaskService {

    private static final Logger LOG = Logger.getLogger(SyncTaskService.class);
    private static final int PURGE_EVERY_POLLS = 50;

    private final OheConfig.CalldocSync config;
    private final SyncTaskStore store;
    private final CallDocSyncRunner runner;
    private final SyncTaskCallbacks callbacks;
    private final String node;
    private final Map<String, Future<?>> runningHere = new ConcurrentHashMap<>();
    private final Semaphore wakeUp = new Semaphore(0);
    private final AtomicBoolean polling = new AtomicBoolean();
    private final Clock clock = Clock.systemUTC();
    private Semaphore slots;
    private ExecutorService pool;
    private Thread poller;

    SyncTaskService(OheConfig config, AgroalDataSource dataSource, CallDocSyncRunner runner,
            SyncTaskCallbacks callbacks) {
        this.config = config.calldocSync();
        this.store = new SyncTaskStore(dataSource);
        this.runner = runner;
        this.callbacks = callbacks;
        this.node = System.getenv().getOrDefault("HOSTNAME", "node");
    }

    void start(@Observes StartupEvent event) throws SQLException {
        List<String> interrupted = recoverInterrupted();
        if (!interrupted.isEmpty()) {
            LOG.warnf("Marked %d CallDoc task(s) failed that a previous run of %s left running: %s",
                    interrupted.size(), node, interrupted);
        }
        if (!config.workerEnabled()) {
            return;
        }
        slots = new Semaphore(config.maxRunning());
        pool = Executors.newFixedThreadPool(config.maxRunning(), r -> new Thread(r, "calldoc-task"));
        polling.set(true);
        poller = new Thread(this::pollLoop, "calldoc-task-poller");
        poller.setDaemon(true);
        poller.start();
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        polling.set(false);
        if (poller != null) {
            poller.interrupt();
        }
        if (pool != null) {
            pool.shutdownNow();
            pool.awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    /** Fails the tasks this node's previous run left running (it crashed before it could end them). */
    public List<String> recoverInterrupted() throws SQLException {
        return store.failInterrupted(node, "Interrupted: the service restarted while the task was running");
    }

    /** What a submission did: the accepted task's id, or the id of the active task that makes it a duplicate. */
    record Submission(String taskId, boolean accepted) {
    }

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

    String node() {
        return node;
    }

    private void pollLoop() {
        long polls = 0;
        while (polling.get()) {
            try {
                pollOnce(polls++ % PURGE_EVERY_POLLS == 0);
            } catch (Exception e) {
                LOG.warnf("CallDoc task poll failed: %s", e.toString());
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
            Future<?> f = runningHere.remove(id);
            if (f != null) {
                f.cancel(true);
            }
            LOG.warnf("CallDoc task %s timed out", id);
            store.find(id, config.retention()).ifPresent(callbacks::taskEnded);
        }
        if (purge) {
            store.purge(config.retention());
        }
        int free = slots.availablePermits();
        if (free == 0) {
            return;
        }
        for (SyncTask task : store.claim(node, free, config.maxRunning(), config.timeout())) {
            slots.acquireUninterruptibly();
            runningHere.put(task.taskId(), pool.submit(() -> execute(task)));
        }
    }

    private void execute(SyncTask task) {
        String status = "completed";
        String result = null;
        String error = null;
        try {
            var outcome = runner.run(task, task.deadline(), (processed, total) -> store.progress(task.taskId(),
                    processed, total));
            result = SyncTaskDocuments.toJson(outcome.result());
        } catch (CallDocSyncRunner.TaskTimeoutException e) {
            status = "failed";
            error = "Timeout: the task exceeded " + config.timeout().toSeconds() + " seconds";
        } catch (Exception e) {
            status = "failed";
            error = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            LOG.warnf("CallDoc task %s failed: %s", task.taskId(), e.toString());
        } finally {
            runningHere.remove(task.taskId());
            slots.release();
        }
        try {
            if (store.finish(task.taskId(), status, result, error)) {
                store.find(task.taskId(), config.retention()).ifPresent(callbacks::taskEnded);
            }
        } catch (SQLException e) {
            LOG.errorf("Could not record the end of CallDoc task %s: %s", task.taskId(), e.toString());
        }
        wakeUp.release();
    }

    Duration timeout() {
        return config.timeout();
    }
}
