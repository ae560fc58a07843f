package org.openhealthexchange.server.e2e;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;
import java.util.Map;
import org.openhealthexchange.testkit.HapiFhirServer;

/**
 * Points the EHR sink at a stock HAPI FHIR JPA server (started once per JVM by {@link HapiFhirServer}, a separate
 * process on its own PostgreSQL database) instead of the sandbox EHR: the end-to-end tests that must hold on a real
 * EHR use this profile.
 */
public class HapiEhr implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Map.of("ohe.sink.fhir.base-url", HapiFhirServer.shared().baseUrl());
    }

    @Override
    public void stop() {
        // The server outlives one Quarkus application: every test class of the run shares it.
    }

    /** The EHR is the stock HAPI server; everything else as in the test profile. */
    public static class Profile implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(HapiEhr.class));
        }
    }

    /** As {@link Profile}, with Fitbit on the legacy Web API generation. */
    public static class LegacyFitbitProfile extends Profile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("ohe.provider.fitbit.api-generation", "legacy", "ohe.linking.backfill-days", "5");
        }
    }
}
