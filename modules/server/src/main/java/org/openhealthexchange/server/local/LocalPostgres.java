package org.openhealthexchange.server.local;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.jboss.logging.Logger;

/**
 * The embedded PostgreSQL of the local profile: real PostgreSQL binaries from Maven Central, data kept on disk.
 * One server per data directory and JVM: in dev mode and tests Quarkus reads configuration from several class
 * loaders, so the port of a running server is registered in a system property (a string: other libraries iterate
 * the system properties and expect nothing else there) and reused by every class loader.
 */
final class LocalPostgres {

    static final String USER = "postgres";
    private static final String DATABASE = "ohe";
    private static final String REGISTRY_PREFIX = "ohe-local-postgres-port:";
    private static final Logger LOG = Logger.getLogger(LocalPostgres.class);
    private static final int RESTART_ATTEMPTS = 10;

    /** Servers this class loader started (it alone holds their handles). */
    private static final Map<String, EmbeddedPostgres> STARTED = new java.util.HashMap<>();

    private LocalPostgres() {}

    /** Starts the server for {@code dataDir} unless this JVM already runs it; returns its JDBC URL. */
    static String start(String dataDir, int port) {
        Path dir = Path.of(dataDir).toAbsolutePath().normalize();
        String key = REGISTRY_PREFIX + dir;
        Properties system = System.getProperties();
        synchronized (system) {
            String running = system.getProperty(key);
            if (running != null) {
                return jdbcUrl(Integer.parseInt(running));
            }
            try {
                Files.createDirectories(dir);
                OrphanedPostmaster.clear(dir);
                EmbeddedPostgres pg = builder(dir, port).start();
                ensureDatabase(pg.getPort());
                synchronized (STARTED) {
                    STARTED.put(key, pg);
                }
                system.setProperty(key, Integer.toString(pg.getPort()));
                watch(key, dir, pg);
                // Fallback for servers whose class loader never sees a ShutdownEvent (dev mode, tests).
                Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(key), "local-postgres-stop"));
                LOG.infof("Embedded PostgreSQL on port %d, data in %s", pg.getPort(), dir);
                return jdbcUrl(pg.getPort());
            } catch (IOException e) {
                throw new UncheckedIOException("Could not start the embedded PostgreSQL of the local profile", e);
            }
        }
    }

    /**
     * Restarts the server on the same port and data directory when its postmaster dies while this class loader
     * still holds it (a crash or a kill -9, not a deliberate {@link #stop}): the application's connection pool
     * reconnects to the same URL, and what was committed before the crash is there (the server is durable).
     */
    private static void watch(String key, Path dir, EmbeddedPostgres pg) {
        Optional<ProcessHandle> postmaster;
        try {
            postmaster =
                    OrphanedPostmaster.readPid(dir.resolve("postmaster.pid")).flatMap(ProcessHandle::of);
        } catch (IOException e) {
            postmaster = Optional.empty();
        }
        if (postmaster.isEmpty()) {
            LOG.warnf("Cannot watch the embedded PostgreSQL on %s: no postmaster.pid", dir);
            return;
        }
        ProcessHandle process = postmaster.get();
        process.onExit().thenRunAsync(() -> restartAfterCrash(key, dir, pg, process.pid()));
    }

    private static void restartAfterCrash(String key, Path dir, EmbeddedPostgres crashed, long pid) {
        synchronized (STARTED) {
            if (STARTED.get(key) != crashed) {
                return; // stopped on purpose
            }
        }
        LOG.errorf(
                "The embedded PostgreSQL (pid %d) on %s died; restarting it on port %d", pid, dir, crashed.getPort());
        for (int attempt = 1; attempt <= RESTART_ATTEMPTS; attempt++) {
            synchronized (System.getProperties()) {
                synchronized (STARTED) {
                    if (STARTED.get(key) != crashed) {
                        return;
                    }
                }
                try {
                    crashed.close(); // releases the data directory's lock; pg_ctl stop finds nothing to stop
                    OrphanedPostmaster.clear(dir);
                    EmbeddedPostgres pg = builder(dir, crashed.getPort()).start();
                    synchronized (STARTED) {
                        STARTED.put(key, pg);
                    }
                    LOG.infof("Embedded PostgreSQL restarted on port %d after crash recovery", pg.getPort());
                    watch(key, dir, pg);
                    return;
                } catch (IOException | RuntimeException e) {
                    LOG.warnf(
                            "Restart %d of %d of the embedded PostgreSQL failed: %s",
                            attempt, RESTART_ATTEMPTS, e.getMessage());
                }
            }
            try {
                Thread.sleep(1000L * attempt); // backends of the dead postmaster may still hold its shared memory
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        LOG.errorf("The embedded PostgreSQL on %s could not be restarted; restart the application", dir);
    }

    /** A durable server on {@code dir} that keeps its data, on {@code port} (0: any free one). */
    private static EmbeddedPostgres.Builder builder(Path dir, int port) {
        var builder = durable(EmbeddedPostgres.builder()).setDataDirectory(dir).setCleanDataDirectory(false);
        if (port > 0) {
            builder.setPort(port);
        }
        return builder;
    }

    /**
     * The local profile keeps real data (acknowledged webhooks among them), so it must survive a crash. zonky is
     * built for throwaway test databases: it starts the postmaster with -F (fsync off) and sets
     * synchronous_commit=off; its -c settings come after -F on the command line, so these win.
     */
    private static EmbeddedPostgres.Builder durable(EmbeddedPostgres.Builder builder) {
        return builder.setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("full_page_writes", "on");
    }

    /** Stops the server this class loader started on {@code dataDir}, if any. */
    static void stop(Path dataDir) {
        stop(REGISTRY_PREFIX + dataDir.toAbsolutePath().normalize());
    }

    /** Stops the servers this class loader started (after the application has stopped using them). */
    static void stopAll() {
        List<String> keys;
        synchronized (STARTED) {
            keys = List.copyOf(STARTED.keySet());
        }
        keys.forEach(LocalPostgres::stop);
    }

    private static void stop(String key) {
        EmbeddedPostgres pg;
        synchronized (STARTED) {
            pg = STARTED.remove(key);
        }
        if (pg == null) {
            return;
        }
        System.clearProperty(key);
        try {
            pg.close();
        } catch (IOException e) {
            LOG.warn("Embedded PostgreSQL did not stop cleanly", e);
        }
    }

    private static String jdbcUrl(int port) {
        return "jdbc:postgresql://localhost:" + port + "/" + DATABASE;
    }

    private static void ensureDatabase(int port) {
        var props = new Properties();
        props.setProperty("user", USER);
        try (var c = DriverManager.getConnection("jdbc:postgresql://localhost:" + port + "/postgres", props);
                var exists = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, DATABASE);
            try (var rs = exists.executeQuery()) {
                if (!rs.next()) {
                    try (var create = c.createStatement()) {
                        create.execute("CREATE DATABASE " + DATABASE);
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create the local database", e);
        }
    }
}
