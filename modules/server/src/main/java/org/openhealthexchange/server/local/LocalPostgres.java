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

    /** Servers this class loader started (it alone holds their handles). */
    private static final Map<String, EmbeddedPostgres> STARTED = new java.util.HashMap<>();

    private LocalPostgres() {
    }

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
                var builder = durable(EmbeddedPostgres.builder()).setDataDirectory(dir).setCleanDataDirectory(false);
                if (port > 0) {
                    builder.setPort(port);
                }
                EmbeddedPostgres pg = builder.start();
                ensureDatabase(pg.getPort());
                synchronized (STARTED) {
                    STARTED.put(key, pg);
                }
                system.setProperty(key, Integer.toString(pg.getPort()));
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
