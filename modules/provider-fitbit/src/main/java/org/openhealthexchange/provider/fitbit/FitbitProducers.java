package org.openhealthexchange.provider.fitbit;

import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.openhealthexchange.provider.fitbit.config.FitbitConfig;
import org.openhealthexchange.provider.fitbit.config.FitbitSettings;
import org.openhealthexchange.provider.fitbit.google.GoogleHealthApi;
import org.openhealthexchange.provider.fitbit.google.GoogleHealthNotifications;
import org.openhealthexchange.provider.fitbit.legacy.LegacyFitbitApi;
import org.openhealthexchange.provider.fitbit.legacy.LegacyFitbitNotifications;

/** Builds the settings and both API generations once; the CDI-facing beans pick the configured one. */
@Dependent
public class FitbitProducers {

    @Produces
    @Singleton
    FitbitSettings settings(FitbitConfig config) {
        return FitbitSettings.from(config);
    }

    @Produces
    @Singleton
    FitbitGenerations generations(FitbitSettings settings) {
        return new FitbitGenerations(
                settings,
                new GoogleHealthApi(settings),
                new LegacyFitbitApi(settings),
                new GoogleHealthNotifications(settings),
                new LegacyFitbitNotifications(settings));
    }
}
