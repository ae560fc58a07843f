package org.openhealthexchange.provider.withings;

import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import org.openhealthexchange.core.spi.InboundRequest;
import org.openhealthexchange.core.spi.MalformedNotificationException;
import org.openhealthexchange.core.spi.NotificationReceiver;
import org.openhealthexchange.core.spi.SyncRequest;
import org.openhealthexchange.core.spi.WebhookReply;
import org.openhealthexchange.provider.withings.config.Withings;
import org.openhealthexchange.provider.withings.config.WithingsSettings;
import org.openhealthexchange.provider.withings.notify.WithingsNotificationParser;
import org.openhealthexchange.provider.withings.notify.WithingsSignatureVerifier;

/**
 * Receives Withings notifications on {@code /webhooks/withings/}. Withings checks the URL with a HEAD at subscribe
 * time; the seed's API also answers {@code GET ?challenge=} by echoing it. Authenticity: see
 * {@link WithingsSignatureVerifier}.
 */
@ApplicationScoped
@Identifier(Withings.ID)
public class WithingsNotifications implements NotificationReceiver {

    static final String TEXT = "text/plain";

    private final boolean enabled;
    private final WithingsSignatureVerifier verifier;

    @Inject
    public WithingsNotifications(WithingsSettings settings) {
        this.enabled = settings.enabled();
        this.verifier = new WithingsSignatureVerifier(settings.callbackSecret(), settings.signingSecret());
    }

    /** For the CDI client proxy only. */
    protected WithingsNotifications() {
        this.enabled = false;
        this.verifier = null;
    }

    @Override
    public String providerId() {
        return Withings.ID;
    }

    @Override
    public Optional<WebhookReply> handshake(InboundRequest request) {
        if (request.method().equals("HEAD")) {
            return Optional.of(new WebhookReply(200, TEXT, ""));
        }
        if (request.method().equals("GET")) {
            return request.queryParam("challenge").map(challenge -> new WebhookReply(200, TEXT, challenge));
        }
        return Optional.empty();
    }

    @Override
    public boolean verify(InboundRequest request) {
        return enabled && verifier.verify(request);
    }

    @Override
    public List<SyncRequest> parse(InboundRequest request) throws MalformedNotificationException {
        return List.of(WithingsNotificationParser.parse(request));
    }
}
