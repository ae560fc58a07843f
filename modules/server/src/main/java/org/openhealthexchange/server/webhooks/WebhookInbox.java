package org.openhealthexchange.server.webhooks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.LinkedHashMap;
import java.util.Map;
import org.openhealthexchange.core.record.DataType;
import org.openhealthexchange.core.spi.SyncRequest;
import org.openhealthexchange.server.config.OheConfig;

/**
 * The webhook inbox. Accepting a notification is ONE statement: the raw event goes into {@code webhook_event} and,
 * if it is new, a {@code webhook.dispatch} job into {@code sync_job}; a repeated delivery only counts itself. So an
 * acknowledged notification is durable before the 202, and a vendor's retry never becomes a second job.
 */
@ApplicationScoped
public class WebhookInbox {

    public static final String DISPATCH_JOB = "webhook.dispatch";

    private static final String ACCEPT = """
            WITH e AS (
              INSERT INTO webhook_event (provider, dedup_key, content_type, body) VALUES (?, ?, ?, ?)
              ON CONFLICT (provider, dedup_key) DO UPDATE SET deliveries = webhook_event.deliveries + 1
              RETURNING id, (xmax = 0) AS inserted)
            INSERT INTO sync_job (job_type, provider, subject, window_start, window_end, payload, dedup_key, max_attempts)
            SELECT ?, ?, ?, ?, ?, jsonb_set(?::jsonb, '{event_id}', to_jsonb(e.id)), 'event:' || ? || ':' || e.id, ?
            FROM e WHERE e.inserted
            RETURNING id""";

    private final AgroalDataSource dataSource;
    private final ObjectMapper json;
    private final int maxAttempts;

    WebhookInbox(AgroalDataSource dataSource, ObjectMapper json, OheConfig config) {
        this.dataSource = dataSource;
        this.json = json;
        this.maxAttempts = config.jobs().maxAttempts();
    }

    /** Stores one verified notification; true when it was new (and a dispatch job was queued). */
    public boolean accept(SyncRequest request, String contentType, byte[] body) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(ACCEPT)) {
            ps.setString(1, request.provider());
            ps.setString(2, request.dedupKey());
            ps.setString(3, contentType);
            ps.setBytes(4, body);
            ps.setString(5, DISPATCH_JOB);
            ps.setString(6, request.provider());
            ps.setString(7, request.externalUserId());
            setInstant(ps, 8, request.start());
            setInstant(ps, 9, request.end());
            ps.setString(10, payload(request));
            ps.setString(11, request.provider());
            ps.setInt(12, maxAttempts);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("The webhook inbox is unavailable", e);
        }
    }

    private String payload(SyncRequest request) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("types", request.types().stream().map(DataType::code).sorted().toList());
        p.put("dedup_key", request.dedupKey());
        try {
            return json.writeValueAsString(p);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void setInstant(PreparedStatement ps, int index, java.time.Instant value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            ps.setTimestamp(index, Timestamp.from(value));
        }
    }
}
