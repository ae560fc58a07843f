package org.openhealthexchange.server.local;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import org.jboss.logging.Logger;

/** The embedded PostgreSQL of the local profile: real PostgreSQL binaries from Maven Central, data kept on disk. */
final class LocalPostgres {

    static final String USER = "postgres";
    private static final String DATABASE = "ohe";
    private static final Logger LOG = Logger.getLogger(LocalPostgres.class);

    private static LocalPostgres running;

    private final EmbeddedPostgres postgres;

    private LocalPostgres(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    static synchronized LocalPostgres start(String dataDir, int port) {
        if (running != null) {
            return running;
        }
        try {
            Path dir = Path.of(dataDir).toAbsolutePath();
            Files.createDirectories(dir);
            var builder = EmbeddedPostgres.builder().setDataDirectory(dir).setCleanDataDirectory(false);
            if (port > 0) {
                builder.setPort(port);
            }
            var pg = builder.start();
            running = new LocalPostgres(pg);
            running.ensureDatabase();
            LOG.infof("Embedded PostgreSQL on port %d, data in %s", pg.getPort(), dir);
            return running;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded PostgreSQL of the local profile", e);
        }
    }

    String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + postgres.getPort() + "/" + DATABASE;
    }

    private void ensureDatabase() {
        try (var c = postgres.getPostgresDatabase().getConnection();
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

    /** Stops the database if this JVM started one (after the application has stopped using it). */
    static synchronized void stopIfRunning() {
        if (running == null) {
            return;
        }
        try {
            running.postgres.close();
            running = null;
        } catch (IOException e) {
            LOG.warn("Embedded PostgreSQL did not stop cleanly", e);
        }
    }
}
