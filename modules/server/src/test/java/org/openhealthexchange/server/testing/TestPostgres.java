package org.openhealthexchange.server.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * The PostgreSQL server of the tests: the one on 127.0.0.1:5432 when it accepts us (CI makes sure it runs), else an
 * embedded one started once per JVM. Each Quarkus boot gets a database of its own, dropped afterwards.
 */
public final class TestPostgres {

    private static final String LOCAL = "jdbc:postgresql://127.0.0.1:5432/";
    private static String base;
    private static EmbeddedPostgres embedded;

    private TestPostgres() {}

    public static synchronized String createDatabase(String name) {
        execute("CREATE DATABASE " + name);
        return base() + name;
    }

    public static synchronized void dropDatabase(String name) {
        if (name != null) {
            execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
    }

    private static void execute(String sql) {
        try (Connection c = connect(base() + "postgres");
                var s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("Test database setup failed: " + sql, e);
        }
    }

    private static String base() {
        if (base == null) {
            if (localServerAccepts()) {
                base = LOCAL;
            } else {
                try {
                    embedded = EmbeddedPostgres.builder().start();
                    base = "jdbc:postgresql://localhost:" + embedded.getPort() + "/";
                } catch (IOException e) {
                    throw new UncheckedIOException("No PostgreSQL for the tests", e);
                }
            }
        }
        return base;
    }

    private static boolean localServerAccepts() {
        try (Connection c = connect(LOCAL + "postgres")) {
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    public static Connection connect(String url) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", "postgres");
        p.setProperty("password", System.getenv().getOrDefault("OHE_TEST_PG_PASSWORD", ""));
        p.setProperty("connectTimeout", "3");
        return DriverManager.getConnection(url, p);
    }
}
