package org.openhealthexchange.server.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A crash of the local profile's PostgreSQL must not lose committed rows (zonky's defaults are fsync=off). */
class LocalPostgresDurabilityTest {

    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        LocalPostgres.stop(dir.resolve("pg"));
    }

    @Test
    void theServerFsyncsAndCommitsSynchronously() throws SQLException {
        try (Connection c = connect(LocalPostgres.start(dir.resolve("pg").toString(), 0))) {
            assertEquals("on", show(c, "fsync"));
            assertEquals("on", show(c, "synchronous_commit"));
            assertEquals("on", show(c, "full_page_writes"));
        }
    }

    static Connection connect(String url) throws SQLException {
        return DriverManager.getConnection(url, LocalPostgres.USER, "");
    }

    static String show(Connection c, String setting) throws SQLException {
        try (var s = c.createStatement();
                var rs = s.executeQuery("SHOW " + setting)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
