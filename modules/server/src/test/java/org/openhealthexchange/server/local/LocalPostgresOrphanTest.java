package org.openhealthexchange.server.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** After kill -9 of the JVM its postmaster keeps running; the next start must stop it rather than fail. */
class LocalPostgresOrphanTest {

    @TempDir
    Path dir;

    private long orphanPid;

    /** The child JVM: starts the server, says so, and waits to be killed. */
    public static final class Child {
        public static void main(String[] args) throws InterruptedException {
            LocalPostgres.start(args[0], 0);
            System.out.println("STARTED");
            System.out.flush();
            Thread.sleep(Long.MAX_VALUE);
        }
    }

    @AfterEach
    void cleanUp() {
        LocalPostgres.stop(dir.resolve("pg"));
        // Only if the code under test left it running: the postmaster this test itself started.
        ProcessHandle.of(orphanPid)
                .filter(p -> OrphanedPostmaster.isPostmasterOf(p.pid(), dir.resolve("pg")))
                .ifPresent(ProcessHandle::destroyForcibly);
    }

    @Test
    void theNextStartStopsThePostmasterAKilledJvmLeftBehind() throws Exception {
        Path pg = dir.resolve("pg");
        Process child = startChild(pg);
        child.destroyForcibly(); // SIGKILL: no shutdown hook runs
        assertTrue(child.waitFor(60, TimeUnit.SECONDS));
        orphanPid = Long.parseLong(
                Files.readAllLines(pg.resolve("postmaster.pid")).get(0).trim());
        assertTrue(ProcessHandle.of(orphanPid).map(ProcessHandle::isAlive).orElse(false), "no orphan to test with");
        assertTrue(OrphanedPostmaster.isPostmasterOf(orphanPid, pg));

        try (Connection c = LocalPostgresDurabilityTest.connect(LocalPostgres.start(pg.toString(), 0))) {
            assertEquals("on", LocalPostgresDurabilityTest.show(c, "fsync"));
        }
        assertFalse(ProcessHandle.of(orphanPid).map(ProcessHandle::isAlive).orElse(false), "the orphan still runs");
    }

    @Test
    void aPostmasterWhoseJvmStillRunsIsLeftAlone() throws Exception {
        Path pg = dir.resolve("pg");
        Process child = startChild(pg);
        try {
            orphanPid = Long.parseLong(
                    Files.readAllLines(pg.resolve("postmaster.pid")).get(0).trim());
            OrphanedPostmaster.clear(pg);
            assertTrue(ProcessHandle.of(orphanPid).map(ProcessHandle::isAlive).orElse(false), "a live JVM's server");
            assertTrue(Files.exists(pg.resolve("postmaster.pid")));
        } finally {
            child.destroyForcibly();
            child.waitFor(60, TimeUnit.SECONDS);
        }
    }

    /** A JVM that has started PostgreSQL on {@code pg} and keeps running. */
    private static Process startChild(Path pg) throws Exception {
        Process child = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        Child.class.getName(),
                        pg.toString())
                .redirectErrorStream(true)
                .start();
        var out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null && !line.equals("STARTED")) {
            System.out.println("child: " + line);
        }
        assertEquals("STARTED", line, "the child JVM did not start PostgreSQL");
        // Keep draining its output so that it never blocks on a full pipe.
        Thread drain = new Thread(() -> out.lines().forEach(l -> {}), "child-output");
        drain.setDaemon(true);
        drain.start();
        return child;
    }

    @Test
    void aStalePidFileOfAnUnrelatedProcessIsRemovedAndThatProcessLeftAlone() throws Exception {
        Path pg = dir.resolve("pg");
        LocalPostgres.start(pg.toString(), 0);
        LocalPostgres.stop(pg);
        Process sleeper = new ProcessBuilder("sleep", "600").start();
        try {
            Files.writeString(pg.resolve("postmaster.pid"), sleeper.pid() + "\n" + pg + "\n");
            try (Connection c = LocalPostgresDurabilityTest.connect(LocalPostgres.start(pg.toString(), 0))) {
                assertEquals("on", LocalPostgresDurabilityTest.show(c, "synchronous_commit"));
            }
            assertTrue(sleeper.isAlive(), "an unrelated process was signalled");
        } finally {
            sleeper.destroyForcibly();
        }
    }
}
