package org.openhealthexchange.server.connections;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openhealthexchange.server.testing.TestPostgres;

/**
 * V28 on a database with links made before it: they become end-user connections of the OAuth kind, a deactivated
 * link keeps its reason and gets a deactivation time, and the adapter cursor moves into {@code connection_cursor}.
 */
class ConnectionsMigrationIT {

    private final String name = "ohe_conn_migration_" + Long.toHexString(System.nanoTime());
    private String url;

    @AfterEach
    void drop() {
        TestPostgres.dropDatabase(name);
    }

    private Flyway flyway(String target) {
        return Flyway.configure()
                .dataSource(url, "postgres", System.getenv().getOrDefault("OHE_TEST_PG_PASSWORD", ""))
                .locations("classpath:db/migration")
                .target(target)
                .load();
    }

    @Test
    void linksBeforeV28BecomeUserConnectionsAndKeepTheirCursor() throws SQLException {
        url = TestPostgres.createDatabase(name);
        flyway("24").migrate(); // the last migration before this branch's
        try (Connection c = TestPostgres.connect(url);
                Statement s = c.createStatement()) {
            s.execute("INSERT INTO provider_link (provider, ehr_user_id, external_user_id, sync_cursor)"
                    + " VALUES ('withings', 'u1', 'w1', '1717243201')");
            s.execute("INSERT INTO provider_link (provider, ehr_user_id, external_user_id, active,"
                    + " deactivated_reason) VALUES ('fitbit', 'u2', 'f2', false, 'unlinked')");
        }
        flyway("28").migrate();
        try (Connection c = TestPostgres.connect(url);
                Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT id, subject_kind, subject_id, credential_kind, active,"
                    + " deactivated_reason, deactivated_at IS NOT NULL FROM provider_link ORDER BY id")) {
                assertTrue(rs.next());
                assertEquals("user", rs.getString(2));
                assertEquals(null, rs.getString(3));
                assertEquals("oauth2", rs.getString(4));
                assertFalse(rs.getBoolean(7), "an active link has no deactivation time");
                assertTrue(rs.next());
                assertEquals("unlinked", rs.getString(6));
                assertTrue(rs.getBoolean(7), "a deactivated link gets its last update as deactivation time");
            }
            try (ResultSet rs = s.executeQuery("SELECT l.provider, c.stream, c.cursor_value FROM connection_cursor c"
                    + " JOIN provider_link l ON l.id = c.connection_id ORDER BY l.id")) {
                assertTrue(rs.next());
                assertEquals("withings", rs.getString(1));
                assertEquals("adapter", rs.getString(2));
                assertEquals("1717243201", rs.getString(3));
                assertFalse(rs.next(), "no cursor, no row");
            }
            // a subject is a user or an organisation, with exactly the matching id
            assertThrows(
                    SQLException.class,
                    () -> s.execute("INSERT INTO provider_link (provider, subject_kind, ehr_user_id, subject_id,"
                            + " external_user_id) VALUES ('sikka', 'organisation', 'u3', 'p3', 'p3')"));
            s.execute("INSERT INTO provider_link (provider, subject_kind, subject_id, external_user_id)"
                    + " VALUES ('sikka', 'organisation', 'p3', 'p3')");
            assertThrows(
                    SQLException.class,
                    () -> s.execute("INSERT INTO provider_link (provider, subject_kind, subject_id, external_user_id)"
                            + " VALUES ('sikka', 'organisation', 'p3', 'p3-other')"),
                    "one connection per organisation and provider");
        }
    }
}
