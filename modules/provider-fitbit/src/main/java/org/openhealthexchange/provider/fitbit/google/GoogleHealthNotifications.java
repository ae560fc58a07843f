package org.openhealthexchange.provider.fitbit.google;

import java.util.List;
import java.util.Optional;
import org.openhealthexchange.core.spi.InboundRequest;
import org.openhealthexchange.core.spi.MalformedNotificationException;
import org.openhealthexchange.core.spi.SyncRequest;
import org.openhealthexchange.core.spi.WebhookReply;
import org.openhealthexchange.provider.fitbit.FitbitNotificationFormat;
import org.openhealthexchange.provider.fitbit.FitbitSettings;

/** STUB: to be implemented. */
public class GoogleHealthNotifications implements FitbitNotificationFormat {

    private final FitbitSettings settings;

    public GoogleHealthNotifications(FitbitSettings settings) {
        this.settings = settings;
    }

    @Override
    public boolean claims(InboundRequest request) {
        return false;
    }

    @Override
    public Optional<WebhookReply> handshake(InboundRequest request) {
        return Optional.empty();
    }

    @Override
    public boolean verify(InboundRequest request) {
        return false;
    }

    @Override
    public int rejectionStatus() {
        return 401;
    }

    @Override
    public List<SyncRequest> parse(InboundRequest request) throws MalformedNotificationException {
        throw new MalformedNotificationException("not implemented");
    }
}
