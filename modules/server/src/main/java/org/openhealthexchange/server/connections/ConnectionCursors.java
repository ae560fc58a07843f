package org.openhealthexchange.server.connections;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.openhealthexchange.server.persistence.JdbcInstants;

/**
 * The sync cursors of connections ({@code connection_cursor}), one per data stream: {@link #ADAPTER_STREAM} holds
 * the adapter's own incremental cursor (opaque, e.g. Withings' last update time), and each data type's stream (its
 * code, e.g. {@code heart_rate}) the end of the last window synced completely. Each write commits on its own.
 */
@ApplicationScoped
public class ConnectionCursors {

    /** The stream of the adapter's incremental cursor ({@code FetchRequest.cursor}). */
    public static final String ADAPTER_STREAM = "adapter";

    /** One stream's position. */
    public record Cursor(String stream, String cursor, Instant windowEnd, Instant updatedAt) {}

    private final EntityManager em;

    ConnectionCursors(EntityManager em) {
        this.em = em;
    }

    /** The adapter's cursor of a connection, if a sync stored one. */
    public Optional<String> adapterCursor(long connectionId) {
        return get(connectionId, ADAPTER_STREAM).map(Cursor::cursor);
    }

    public Optional<Cursor> get(long connectionId, String stream) {
        return all(connectionId).stream().filter(c -> c.stream().equals(stream)).findFirst();
    }

    /** Every stream of a connection, by name. */
    public List<Cursor> all(long connectionId) {
        return QuarkusTransaction.requiringNew().call(() -> {
            List<?> rows = em.createNativeQuery("SELECT stream, cursor_value, window_end, updated_at"
                            + " FROM connection_cursor WHERE connection_id = ?1 ORDER BY stream")
                    .setParameter(1, connectionId)
                    .getResultList();
            List<Cursor> cursors = new ArrayList<>();
            for (Object row : rows) {
                Object[] r = (Object[]) row;
                cursors.add(new Cursor((String) r[0], (String) r[1], instant(r[2]), instant(r[3])));
            }
            return cursors;
        });
    }

    /** Stores the adapter's cursor for the next incremental fetch. */
    public void advanceAdapterCursor(long connectionId, String cursor) {
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("INSERT INTO connection_cursor"
                        + " (connection_id, stream, cursor_value, updated_at) VALUES (?1, ?2, ?3, now())"
                        + " ON CONFLICT (connection_id, stream) DO UPDATE SET cursor_value = EXCLUDED.cursor_value,"
                        + " updated_at = now()")
                .setParameter(1, connectionId)
                .setParameter(2, ADAPTER_STREAM)
                .setParameter(3, cursor)
                .executeUpdate());
    }

    /**
     * Records that each of {@code streams} was synced completely up to {@code windowEnd}; a stream's mark never
     * moves back (a backfill of older data leaves it where it is).
     */
    public void synced(long connectionId, Collection<String> streams, Instant windowEnd) {
        QuarkusTransaction.requiringNew().run(() -> {
            for (String stream : streams) {
                em.createNativeQuery("INSERT INTO connection_cursor (connection_id, stream, window_end, updated_at)"
                                + " VALUES (?1, ?2, ?3, now()) ON CONFLICT (connection_id, stream) DO UPDATE SET"
                                + " window_end = GREATEST(connection_cursor.window_end, EXCLUDED.window_end),"
                                + " updated_at = now()")
                        .setParameter(1, connectionId)
                        .setParameter(2, stream)
                        .setParameter(3, Timestamp.from(windowEnd))
                        .executeUpdate();
            }
        });
    }

    private static Instant instant(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof Timestamp t) {
            return JdbcInstants.of(t);
        }
        if (value instanceof java.time.OffsetDateTime o) {
            return o.toInstant();
        }
        throw new IllegalStateException("unexpected timestamp type " + value.getClass());
    }
}
