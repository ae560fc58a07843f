package org.openhealthexchange.server.e2e;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.openhealthexchange.server.connections.ConnectionCredentials;
import org.openhealthexchange.server.providers.ProviderRegistry;

/**
 * Two Withings and two Fitbit (Google Health API) users link at once while one in five of the vendors' data calls
 * fails (HTTP 5xx, 429 with Retry-After, Withings 601/522 inside HTTP 200, Google's error JSON, dropped
 * connections): the backfills end with no dead job and each EHR Patient holds exactly the records a fault-free read
 * of the vendor gives. Without per-call retries nearly every job dead-letters (each makes dozens of calls).
 */
@QuarkusTest
class BackfillUnderVendorFaultsIT {

    static final Map<String, String> USERS = new LinkedHashMap<>();

    static {
        USERS.put("faults-w-1", "withings");
        USERS.put("faults-w-2", "withings");
        USERS.put("faults-g-1", "fitbit");
        USERS.put("faults-g-2", "fitbit");
    }

    @Inject
    AgroalDataSource dataSource;

    @Inject
    ProviderRegistry registry;

    @Inject
    ConnectionCredentials tokens;

    @ConfigProperty(name = "ohe-test.base-url")
    String baseUrl;

    @Test
    void aBackfillUnderTwentyPercentFaultsLosesNoRecordAndKillsNoJob() throws Exception {
        // OHE as the Google Health subscriber, as in the other Google tests (the simulator verifies it).
        given().contentType("application/json")
                .body(Map.of("endpointUri", baseUrl + "/webhooks/fitbit/", "secret", "test-subscriber-secret"))
                .post("/sandbox/google-health/subscribers")
                .then()
                .statusCode(200);
        FaultyVendorsSupport.faultsOn(0.2, 20261201L);
        try {
            FaultyVendorsSupport.linkAllAtOnce(USERS);
            FaultyVendorsSupport.awaitQuietWithoutDeadJobs(dataSource, USERS.keySet());
            long withings = FaultyVendorsSupport.injected("withings");
            long google = FaultyVendorsSupport.injected("google-health");
            assertTrue(withings >= 5, "faults were injected into Withings calls: " + withings);
            assertTrue(google >= 5, "faults were injected into Google Health calls: " + google);
        } finally {
            FaultyVendorsSupport.faultsOff();
        }
        for (var user : USERS.entrySet()) {
            FaultyVendorsSupport.assertExactlyTheFaultFreeRecords(
                    dataSource, registry, tokens, user.getValue(), user.getKey());
        }
    }
}
