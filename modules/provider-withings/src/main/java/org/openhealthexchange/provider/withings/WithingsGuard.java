package org.openhealthexchange.provider.withings;

import org.openhealthexchange.core.spi.ProviderException;
import org.openhealthexchange.core.spi.ProviderException.Kind;
import org.openhealthexchange.provider.withings.config.WithingsSettings;

/** The refusals every Withings bean shares: switched off, or missing the client credentials a call needs. */
final class WithingsGuard {

    private WithingsGuard() {}

    /** A switched-off provider is a decision, not an outage, so the job is not retried. */
    static void requireEnabled(WithingsSettings settings) throws ProviderException {
        if (!settings.enabled()) {
            throw new ProviderException(
                    Kind.REJECTED, null, "Withings is disabled (ohe.provider.withings.enabled=false)");
        }
    }

    static String clientId(WithingsSettings settings) throws ProviderException {
        return settings.clientId().orElseThrow(() -> notConfigured("client-id"));
    }

    static String clientSecret(WithingsSettings settings) throws ProviderException {
        return settings.clientSecret().orElseThrow(() -> notConfigured("client-secret"));
    }

    private static ProviderException notConfigured(String key) {
        return new ProviderException(Kind.REJECTED, null, "ohe.provider.withings." + key + " is not configured");
    }
}
