package org.openhealthexchange.provider.withings;

import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.openhealthexchange.provider.withings.client.WithingsApiClient;
import org.openhealthexchange.provider.withings.config.WithingsConfig;
import org.openhealthexchange.provider.withings.config.WithingsSettings;

/** Builds the plain settings and the one HTTP client all Withings beans share. */
@Dependent
public class WithingsProducers {

    @Produces
    @Singleton
    WithingsSettings settings(WithingsConfig config) {
        return WithingsSettings.from(config);
    }

    @Produces
    @Singleton
    WithingsApiClient apiClient(WithingsSettings settings) {
        return new WithingsApiClient(settings);
    }
}
