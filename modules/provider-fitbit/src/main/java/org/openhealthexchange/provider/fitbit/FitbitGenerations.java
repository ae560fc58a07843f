package org.openhealthexchange.provider.fitbit;

import org.openhealthexchange.core.spi.ProviderException;

/** Both API generations of Fitbit and which one is configured for new links and syncs. */
public record FitbitGenerations(FitbitSettings settings, FitbitApi google, FitbitApi legacy,
        FitbitNotificationFormat googleNotifications, FitbitNotificationFormat legacyNotifications) {

    /** The configured generation; a switched-off provider refuses (not retried: it is a decision, not an outage). */
    public FitbitApi active() throws ProviderException {
        if (!settings.enabled()) {
            throw new ProviderException(ProviderException.Kind.REJECTED, null,
                    "Fitbit is disabled (ohe.provider.fitbit.enabled=false)");
        }
        return Fitbit.LEGACY.equals(settings.apiGeneration()) ? legacy : google;
    }

    /** The generation for building an authorize URL (which cannot throw). */
    public FitbitApi configured() {
        return Fitbit.LEGACY.equals(settings.apiGeneration()) ? legacy : google;
    }
}
