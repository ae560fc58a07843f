package org.openhealthexchange.server.persistence;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;

/** {@code timestamptz} columns as {@link Instant}s in the plain-JDBC stores (job queue, webhook inbox, tasks). */
public final class JdbcInstants {

    private JdbcInstants() {}

    /** Binds an instant, or SQL NULL. */
    public static void set(PreparedStatement ps, int index, Instant value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            ps.setTimestamp(index, Timestamp.from(value));
        }
    }

    /** An instant read from a column, or null. */
    public static Instant of(Timestamp value) {
        return value == null ? null : value.toInstant();
    }
}
