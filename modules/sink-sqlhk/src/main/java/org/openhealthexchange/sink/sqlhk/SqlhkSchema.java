package org.openhealthexchange.sink.sqlhk;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/** Creates the SQLHK tables OHE touches in H2 (local profile and tests); production's schema belongs to SQLHK. */
public final class SqlhkSchema {

    private SqlhkSchema() {}

    /** Runs {@code sqlhk/h2-schema.sql}; every statement is {@code IF NOT EXISTS}, so running it twice is harmless. */
    public static void create(DataSource dataSource) throws SQLException {
        String script;
        try (InputStream in = SqlhkSchema.class.getResourceAsStream("/sqlhk/h2-schema.sql")) {
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement()) {
            for (String statement : script.replaceAll("(?m)^--.*$", "").split(";")) {
                if (!statement.isBlank()) {
                    s.execute(statement);
                }
            }
        }
    }
}
