package org.openhealthexchange.provider.fitbit;

import org.openhealthexchange.core.spi.ProviderException;
import org.openhealthexchange.provider.fitbit.config.Fitbit;
import org.openhealthexchange.provider.fitbit.config.FitbitApi;
import org.openhealthexchange.provider.fitbit.config.FitbitNotificationFormat;
import org.openhealthexchange.provider.fitbit.config.FitbitSettings;

/** Both API generations of Fitbit and which one is configured for new links and syncs. */
public record FitbitGenerations(
        FitbitSettings settings,
        FitbitApi google,
        FitbitApi legacy,
        FitbitNotificationFormat googleNotifications,
        FitbitNotificationFormat legacyNotifications) {

    /** The configured generation; a switched-off provider refuses (not retried: it is a decision, not an outage). */
    public FitbitApi active() throws ProviderException {
        if (!settings.enabled()) {
            throw new ProviderException(
                    ProviderException.Kind.REJECTED, null, "Fitbit is disabled (ohe.provider.fitbit.enabled=false)");
        }
        return Fitbit.LEGACY.equals(settings.apiGeneration()) ? legacy : google;
    }

    /**
     * The generation that issued a grant with these scopes: Google's scopes name {@code googlehealth}, Fitbit's are
     * plain words ({@code activity}, {@code heartrate}, …). A link keeps working with the API that linked it when
     * {@code api-generation} changes later; without scopes, the configured generation.
     */
    public FitbitApi forScopes(java.util.Set<String> scopes) throws ProviderException {
        if (!settings.enabled()) {
            return active(); // refuses
        }
        if (scopes == null || scopes.isEmpty()) {
            return active();
        }
        return scopes.stream().anyMatch(s -> s.contains("googlehealth")) ? google : legacy;
    }

    /** The generation for building an authorize URL (which cannot throw). */
    public FitbitApi configured() {
        return Fitbit.LEGACY.equals(settings.apiGeneration()) ? legacy : google;
    }
}
