package org.openhealthexchange.provider.withings;

import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.openhealthexchange.core.spi.AccessTokenSource;
import org.openhealthexchange.core.spi.NotificationSubscriptions;
import org.openhealthexchange.core.spi.ProviderException;
import org.openhealthexchange.core.spi.ProviderException.Kind;
import org.openhealthexchange.provider.withings.client.WithingsApiClient;
import org.openhealthexchange.provider.withings.config.Withings;
import org.openhealthexchange.provider.withings.config.WithingsSettings;
import org.openhealthexchange.provider.withings.notify.WithingsCallbackUrl;

/**
 * Subscribes a linked user to Withings notifications ({@code POST /notify}), one call per configured
 * {@code appli}. The registered URL carries the callback secret, so subscribe and revoke build it the same way.
 */
@ApplicationScoped
@Identifier(Withings.ID)
public class WithingsSubscriptions implements NotificationSubscriptions {

    static final String PATH = "/notify";
    /** 286 "no such subscription was found", 294 "no such subscription could be deleted": already gone. */
    static final Set<String> ALREADY_GONE = Set.of("286", "294");

    static final String COMMENT = "Open Health Exchange";

    private final WithingsSettings settings;
    private final WithingsApiClient client;

    @Inject
    public WithingsSubscriptions(WithingsSettings settings, WithingsApiClient client) {
        this.settings = settings;
        this.client = client;
    }

    /** For the CDI client proxy only. */
    protected WithingsSubscriptions() {
        this.settings = null;
        this.client = null;
    }

    @Override
    public String providerId() {
        return Withings.ID;
    }

    @Override
    public void subscribe(AccessTokenSource tokens, String callbackUrl) throws ProviderException {
        WithingsGuard.requireEnabled(settings);
        String url = registeredUrl(callbackUrl);
        for (int appli : settings.notifyApplis()) {
            Map<String, String> form = form("subscribe", url, appli);
            form.put("comment", COMMENT);
            client.call(PATH, form, tokens);
        }
    }

    @Override
    public void unsubscribe(AccessTokenSource tokens, String callbackUrl) throws ProviderException {
        WithingsGuard.requireEnabled(settings);
        String url = registeredUrl(callbackUrl);
        for (int appli : settings.notifyApplis()) {
            try {
                client.call(PATH, form("revoke", url, appli), tokens);
            } catch (ProviderException e) {
                if (e.kind() != Kind.REJECTED
                        || !ALREADY_GONE.contains(e.vendorCode().orElse(""))) {
                    throw e;
                }
            }
        }
    }

    private String registeredUrl(String callbackUrl) throws ProviderException {
        String url = WithingsCallbackUrl.withToken(callbackUrl, settings.callbackSecret());
        if (url.length() > WithingsCallbackUrl.MAX_LENGTH) {
            throw new ProviderException(
                    Kind.REJECTED,
                    null,
                    "Withings accepts callback URLs of at most " + WithingsCallbackUrl.MAX_LENGTH
                            + " characters; this one has " + url.length());
        }
        return url;
    }

    private static Map<String, String> form(String action, String url, int appli) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("action", action);
        form.put("callbackurl", url);
        form.put("appli", Integer.toString(appli));
        return form;
    }
}
