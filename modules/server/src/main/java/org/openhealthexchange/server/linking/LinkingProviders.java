package org.openhealthexchange.server.linking;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.openhealthexchange.core.spi.NotificationReceiver;
import org.openhealthexchange.core.spi.NotificationSubscriptions;
import org.openhealthexchange.core.spi.OAuthLinking;

/** The linking, subscription and notification beans of the deployed adapters, by provider id. */
@ApplicationScoped
public class LinkingProviders {

    private final Map<String, OAuthLinking> linkings = new HashMap<>();
    private final Map<String, NotificationSubscriptions> subscriptions = new HashMap<>();
    private final Map<String, NotificationReceiver> receivers = new HashMap<>();

    LinkingProviders(
            @Any Instance<OAuthLinking> linkingBeans,
            @Any Instance<NotificationSubscriptions> subscriptionBeans,
            @Any Instance<NotificationReceiver> receiverBeans) {
        linkingBeans.forEach(b -> put(linkings, b.providerId(), b));
        subscriptionBeans.forEach(b -> put(subscriptions, b.providerId(), b));
        receiverBeans.forEach(b -> put(receivers, b.providerId(), b));
    }

    private static <T> void put(Map<String, T> map, String id, T bean) {
        if (map.put(id, bean) != null) {
            throw new IllegalStateException("Two beans of one linking SPI for provider " + id);
        }
    }

    public Optional<OAuthLinking> linking(String provider) {
        return Optional.ofNullable(linkings.get(provider));
    }

    public Optional<NotificationSubscriptions> subscriptions(String provider) {
        return Optional.ofNullable(subscriptions.get(provider));
    }

    public Optional<NotificationReceiver> receiver(String provider) {
        return Optional.ofNullable(receivers.get(provider));
    }
}
