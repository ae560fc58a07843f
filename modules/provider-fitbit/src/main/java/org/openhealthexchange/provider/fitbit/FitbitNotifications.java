package org.openhealthexchange.provider.fitbit;

import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import org.openhealthexchange.core.spi.InboundRequest;
import org.openhealthexchange.core.spi.MalformedNotificationException;
import org.openhealthexchange.core.spi.NotificationReceiver;
import org.openhealthexchange.core.spi.SyncRequest;
import org.openhealthexchange.core.spi.WebhookReply;
import org.openhealthexchange.provider.fitbit.config.Fitbit;
import org.openhealthexchange.provider.fitbit.config.FitbitNotificationFormat;

/**
 * {@code /webhooks/fitbit/} serves both generations at once (existing legacy subscribers keep their URL): a request
 * the legacy format claims ({@code ?verify=}, {@code X-Fitbit-Signature}, a JSON array of collection updates) is
 * legacy, everything else is Google Health. Both formats are always accepted, whatever generation links use.
 */
@Identifier(Fitbit.ID)
@ApplicationScoped
public class FitbitNotifications implements NotificationReceiver {

    private final FitbitGenerations generations;

    public FitbitNotifications(FitbitGenerations generations) {
        this.generations = generations;
    }

    private FitbitNotificationFormat format(InboundRequest request) {
        return generations.legacyNotifications().claims(request)
                ? generations.legacyNotifications()
                : generations.googleNotifications();
    }

    @Override
    public String providerId() {
        return Fitbit.ID;
    }

    @Override
    public Optional<WebhookReply> handshake(InboundRequest request) {
        return format(request).handshake(request);
    }

    @Override
    public boolean verify(InboundRequest request) {
        return generations.settings().enabled() && format(request).verify(request);
    }

    @Override
    public int rejectionStatus(InboundRequest request) {
        return format(request).rejectionStatus();
    }

    @Override
    public List<SyncRequest> parse(InboundRequest request) throws MalformedNotificationException {
        return format(request).parse(request);
    }
}
