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
 * before their shutdown hook) are dropped when the next one starts.
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
        try (Connection c = connect(); Statement s = c.createStatement()) {
            for (String stale : staleDatabases(s)) {
                s.execute("DROP DATABASE IF EXISTS " + stale + " WITH (FORCE)");
            }
            s.execute("DROP DATABASE IF EXISTS " + db.name + " WITH (FORCE)");
            s.execute("CREATE DATABASE " + db.name);
        } catch (SQLException e) {
            throw new IllegalStateException("HapiFhirServer needs PostgreSQL on 127.0.0.1:5432 (user " + USER
                    + ", password from OHE_TEST_PG_PASSWORD, else none) to create its database " + db.name
                    + ": " + e.getMessage(), e);
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
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (SQLException e) {
            System.err.println("HapiFhirServer: could not drop database " + name + ": " + e.getMessage());
        }
    }

    private static List<String> staleDatabases(Statement s) throws SQLException {
        List<String> stale = new ArrayList<>();
        try (ResultSet rs = s.executeQuery(
                "SELECT datname FROM pg_database WHERE datname LIKE '" + PREFIX + "%'")) {
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
