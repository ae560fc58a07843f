package org.openhealthexchange.core.spi;

import java.util.List;
import java.util.Optional;

/**
 * Receives a vendor's push notifications on {@code /webhooks/<id>/}: answers verification handshakes, checks
 * authenticity (constant time, failing closed when unconfigured) and turns a verified body into sync requests.
 */
public interface NotificationReceiver {

    /** The provider id; the endpoint is {@code /webhooks/<id>/}. */
    String providerId();

    /** A verification handshake answer when the request is one (e.g. {@code GET ?challenge=}), else empty. */
    Optional<WebhookReply> handshake(InboundRequest request);

    /** Whether the request is authentic; unconfigured secrets make every request inauthentic. */
    boolean verify(InboundRequest request);

    /**
     * The HTTP status for a request {@link #verify} refused. 401 unless the vendor's contract says otherwise (legacy
     * Fitbit expects 404 for a bad {@code X-Fitbit-Signature}). Nothing of a refused request is stored.
     */
    default int rejectionStatus(InboundRequest request) {
        return 401;
    }

    /**
     * Parses a verified notification into requests: syncs, deletions to reconcile, revocations. An empty list is a
     * valid notification that asks for nothing (it is acknowledged and not stored).
     */
    List<SyncRequest> parse(InboundRequest request) throws MalformedNotificationException;
}
