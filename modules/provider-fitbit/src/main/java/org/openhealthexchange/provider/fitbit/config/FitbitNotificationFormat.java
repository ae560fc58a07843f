package org.openhealthexchange.provider.fitbit.config;

import java.util.List;
import java.util.Optional;
import org.openhealthexchange.core.spi.InboundRequest;
import org.openhealthexchange.core.spi.MalformedNotificationException;
import org.openhealthexchange.core.spi.SyncRequest;
import org.openhealthexchange.core.spi.WebhookReply;

/**
 * The notification format of one API generation on {@code /webhooks/fitbit/}. {@code FitbitNotifications} asks the
 * legacy format first whether a request is its own ({@link #claims}); everything else is a Google Health request.
 */
public interface FitbitNotificationFormat {

    /** Whether the request is in this format (by headers, query and body shape), authentic or not. */
    boolean claims(InboundRequest request);

    Optional<WebhookReply> handshake(InboundRequest request);

    /** Constant-time check; unconfigured secrets refuse everything. */
    boolean verify(InboundRequest request);

    /** Status for a refused request: 404 for legacy Fitbit, 401 for Google Health. */
    int rejectionStatus();

    List<SyncRequest> parse(InboundRequest request) throws MalformedNotificationException;
}
