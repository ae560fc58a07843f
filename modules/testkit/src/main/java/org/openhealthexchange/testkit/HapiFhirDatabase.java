package org.openhealthexchange.testkit;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * The PostgreSQL database of one {@link HapiFhirServer}, on the server at 127.0.0.1:5432 as user {@code postgres}
 * (password from {@code OHE_TEST_PG_PASSWORD}, else none), as the other integration tests use it.
 *
 * <p>The name carries the test JVM's pid: builds of several work trees share this PostgreSQL, and a fixed name
 * would let one build drop the database under another's server. Databases left by JVMs that no longer run (killed
 * before their shutdown hook) and that nobody is connected to are dropped when the next one starts.
 */
final class HapiFhirDatabase {

    static final String PREFIX = "ohe_ehr_hapi_test_";
    private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";
    static final String USER = "postgres";

    private final String name;

    private HapiFhirDatabase(String name) {
        this.name = name;
    }

    /** Drops what dead JVMs left, then (re)creates this JVM's database, empty. */
    static HapiFhirDatabase createFresh() {
        var db = new HapiFhirDatabase(PREFIX + ProcessHandle.current().pid());
        try (Connection c = connect();
                Statement s = c.createStatement()) {
            for (String stale : staleDatabases(s)) {
                try {
                    s.execute("DROP DATABASE IF EXISTS " + stale);
                } catch (SQLException inUseAfterAll) {
                    // someone connected since the query: leave it
                }
            }
            s.execute("DROP DATABASE IF EXISTS " + db.name + " WITH (FORCE)");
            s.execute("CREATE DATABASE " + db.name);
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "HapiFhirServer needs PostgreSQL on 127.0.0.1:5432 (user " + USER
                            + ", password from OHE_TEST_PG_PASSWORD, else none) to create its database " + db.name
                            + ": " + e.getMessage(),
                    e);
        }
        return db;
    }

    String name() {
        return name;
    }

    String jdbcUrl() {
        return SERVER + name;
    }

    static String password() {
        return System.getenv().getOrDefault("OHE_TEST_PG_PASSWORD", "");
    }

    /** Best effort: runs in a shutdown hook, where failing loudly helps nobody; the next start sweeps it anyway. */
    void drop() {
        try (Connection c = connect();
                Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (SQLException e) {
            System.err.println("HapiFhirServer: could not drop database " + name + ": " + e.getMessage());
        }
    }

    private static List<String> staleDatabases(Statement s) throws SQLException {
        List<String> stale = new ArrayList<>();
        // Unused ones only: a pid that is not running here may still be a live server's in another PID namespace.
        try (ResultSet rs = s.executeQuery("SELECT d.datname FROM pg_database d WHERE d.datname LIKE '" + PREFIX
                + "%' AND NOT EXISTS (SELECT 1 FROM pg_stat_activity a WHERE a.datname = d.datname)")) {
            while (rs.next()) {
                String name = rs.getString(1);
                String pid = name.substring(PREFIX.length());
                if (pid.matches("\\d+") && ProcessHandle.of(Long.parseLong(pid)).isEmpty()) {
                    stale.add(name);
                }
            }
        }
        return stale;
    }

    private static Connection connect() throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", USER);
        p.setProperty("password", password());
        p.setProperty("connectTimeout", "5");
        return DriverManager.getConnection(SERVER + "postgres", p);
    }
}
