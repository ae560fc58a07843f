package org.openhealthexchange.server.webhooks;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.stream.Collectors;
import org.openhealthexchange.core.record.DataType;
import org.openhealthexchange.core.spi.SyncRequest;

/**
 * The webhook inbox. Accepting a notification is ONE insert into {@code webhook_event} (raw body plus the parsed
 * facts), committed before the 202: an acknowledged notification is never lost. A repeated delivery only counts
 * itself ({@code deliveries}), so a vendor's retry never becomes a second sync. {@link WebhookDispatcher} turns
 * stored rows into sync jobs in batches, off the request path.
 */
@ApplicationScoped
public class WebhookInbox {

    private static final String ACCEPT = """
            INSERT INTO webhook_event (provider, dedup_key, content_type, body, external_user_id, window_start,
                                       window_end, types)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (provider, dedup_key) DO UPDATE SET deliveries = webhook_event.deliveries + 1
            RETURNING (xmax = 0) AS inserted""";

    private final AgroalDataSource dataSource;
    private final WebhookDispatcher dispatcher;

    WebhookInbox(AgroalDataSource dataSource, WebhookDispatcher dispatcher) {
        this.dataSource = dataSource;
        this.dispatcher = dispatcher;
    }

    /** Stores one verified notification; true when it was new (false: a repeated delivery). */
    public boolean accept(SyncRequest request, String contentType, byte[] body) {
        boolean inserted;
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(ACCEPT)) {
            ps.setString(1, request.provider());
            ps.setString(2, request.dedupKey());
            ps.setString(3, contentType);
            ps.setBytes(4, body);
            ps.setString(5, request.externalUserId());
            setInstant(ps, 6, request.start());
            setInstant(ps, 7, request.end());
            ps.setString(8, request.types().stream().map(DataType::code).sorted().collect(Collectors.joining(",")));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                inserted = rs.getBoolean(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("The webhook inbox is unavailable", e);
        }
        if (inserted) {
            dispatcher.wake();
        }
        return inserted;
    }

    private static void setInstant(PreparedStatement ps, int index, Instant value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            ps.setTimestamp(index, Timestamp.from(value));
        }
    }
}
