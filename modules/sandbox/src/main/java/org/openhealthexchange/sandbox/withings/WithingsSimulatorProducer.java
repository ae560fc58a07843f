package org.openhealthexchange.sandbox.withings;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import org.openhealthexchange.sandbox.SandboxConfig;

/** The one Withings simulator of the process, built from {@code ohe.sandbox.withings.*} on first use. */
@Singleton
public class WithingsSimulatorProducer {

    @Produces
    @Singleton
    WithingsSimulator simulator(SandboxConfig config) {
        var withings = config.withings();
        return new WithingsSimulator(
                WithingsSimulator.Settings.from(withings),
                Clock.systemUTC(),
                new HttpCallbackClient(withings.notifications().callbackTimeout()),
                WithingsSimulatorProducer::sleep);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
