package org.openhealthexchange.sandbox.fitbit;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/** The one legacy Fitbit simulator of the process, built from {@code ohe.sandbox.fitbit.*} on first use. */
@Singleton
public class FitbitSimulatorProducer {

    @Produces
    @Singleton
    FitbitSimulator simulator(FitbitSandboxConfig config) {
        return new FitbitSimulator(
                FitbitSimulator.Settings.from(config),
                Clock.systemUTC(),
                FitbitCallbacks.http(config.callbackTimeout()));
    }
}
