package org.openhealthexchange.server.local;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * Clears the way for a start on a data directory whose previous JVM died without stopping its PostgreSQL (kill -9):
 * pg_ctl daemonises the postmaster, so it outlives the JVM and its postmaster.pid makes the next start fail.
 */
final class OrphanedPostmaster {

    /** Smart shutdown waits for sessions; the dead JVM's sessions are gone, but a checkpoint may take a while. */
    private static final Duration TERM_WAIT = Duration.ofSeconds(60);

    private static final Duration KILL_WAIT = Duration.ofSeconds(30);
    private static final Logger LOG = Logger.getLogger(OrphanedPostmaster.class);

    private OrphanedPostmaster() {}

    /** Stops a postmaster still running on {@code dataDir}, or removes a pid file no live postmaster owns. */
    static void clear(Path dataDir) throws IOException {
        if (ownedByLiveJvm(dataDir)) {
            return; // not an orphan: zonky fails the start with "could not lock" instead
        }
        Path pidFile = dataDir.resolve("postmaster.pid");
        Optional<Long> pid = readPid(pidFile);
        if (pid.isEmpty()) {
            return;
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid.get()).filter(ProcessHandle::isAlive);
        if (process.isPresent() && isPostmasterOf(pid.get(), dataDir)) {
            LOG.warnf(
                    "Stopping the orphaned PostgreSQL (pid %d) left running on %s by an earlier run",
                    pid.get(), dataDir);
            stop(process.get());
        } else {
            // A dead process, or its pid reused by an unrelated one (never to be signalled): PostgreSQL would refuse
            // to start while the file names a live process, so the file goes.
            LOG.infof("Removing the stale %s (pid %d no longer runs PostgreSQL)", pidFile, pid.get());
        }
        Files.deleteIfExists(pidFile);
    }

    /**
     * zonky holds a file lock on {@code epg-lock} in the data directory while its JVM runs the server; the kernel
     * drops it when that JVM dies. Held means a live JVM (another dev instance) still owns the postmaster.
     */
    private static boolean ownedByLiveJvm(Path dataDir) throws IOException {
        Path lockFile = dataDir.resolve("epg-lock");
        if (!Files.exists(lockFile)) {
            return false;
        }
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE);
                FileLock lock = channel.tryLock()) {
            return lock == null;
        } catch (OverlappingFileLockException e) {
            return true; // held in this JVM
        }
    }

    static Optional<Long> readPid(Path pidFile) throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        try {
            return lines.isEmpty()
                    ? Optional.empty()
                    : Optional.of(Long.parseLong(lines.get(0).trim()));
        } catch (NumberFormatException e) {
            // Not ours to interpret: PostgreSQL reports a malformed lock file itself.
            return Optional.empty();
        }
    }

    /** True when /proc shows {@code pid} is a postgres binary started with {@code -D dataDir} (Linux only). */
    static boolean isPostmasterOf(long pid, Path dataDir) {
        List<String> args;
        try {
            byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
            args = List.of(new String(raw, StandardCharsets.UTF_8).split("\0"));
        } catch (IOException e) {
            return false; // cannot tell what it is, so it is not touched
        }
        if (args.isEmpty() || !Path.of(args.get(0)).getFileName().toString().equals("postgres")) {
            return false;
        }
        int d = args.indexOf("-D");
        return d >= 0 && d + 1 < args.size() && sameDirectory(Path.of(args.get(d + 1)), dataDir);
    }

    private static boolean sameDirectory(Path a, Path b) {
        try {
            return Files.isSameFile(a, b);
        } catch (IOException e) {
            return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
        }
    }

    private static void stop(ProcessHandle postmaster) {
        // Its backends exit on their own once the postmaster is gone, but they hold its shared memory until then,
        // and a new postmaster refuses to start beside them: wait for them as well.
        List<ProcessHandle> children = postmaster.descendants().toList();
        postmaster.destroy();
        if (!exited(postmaster, TERM_WAIT)) {
            LOG.warnf(
                    "The orphaned PostgreSQL (pid %d) ignored SIGTERM for %s; killing it", postmaster.pid(), TERM_WAIT);
            postmaster.destroyForcibly();
            if (!exited(postmaster, KILL_WAIT)) {
                throw new IllegalStateException("The orphaned PostgreSQL (pid " + postmaster.pid() + ") does not stop");
            }
        }
        children.forEach(child -> exited(child, KILL_WAIT));
    }

    private static boolean exited(ProcessHandle process, Duration bound) {
        try {
            process.onExit().get(bound.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return !process.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }
}
