package org.openhealthexchange.server.testing;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** Builds the application with the fake adapters of {@link FakeAdapters} (a build property, so a separate boot). */
public class FakeAdaptersProfile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("ohe-test.fake-adapters", "true");
    }
}
