package org.openhealthexchange.server.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openhealthexchange.server.connections.ConnectionCredentials;
import org.openhealthexchange.server.providers.ProviderRegistry;

/**
 * A legacy Fitbit Web API user's backfill while one in five data calls fails in Fitbit's own way (its
 * {@code errors} array, 429 with {@code Fitbit-Rate-Limit-Remaining: 0} and {@code Fitbit-Rate-Limit-Reset}, 5xx,
 * dropped connections): no dead job, exactly the records of a fault-free read.
 */
@QuarkusTest
@TestProfile(FitbitLegacyEndToEndIT.Legacy.class)
class LegacyBackfillUnderVendorFaultsIT {

    static final String USER = "faults-legacy-1";

    @Inject
    AgroalDataSource dataSource;

    @Inject
    ProviderRegistry registry;

    @Inject
    ConnectionCredentials tokens;

    @Test
    void aLegacyBackfillUnderTwentyPercentFaultsLosesNoRecordAndKillsNoJob() throws Exception {
        FaultyVendorsSupport.faultsOn(0.2, 7L);
        try {
            FaultyVendorsSupport.linkAllAtOnce(Map.of(USER, "fitbit"));
            FaultyVendorsSupport.awaitQuietWithoutDeadJobs(dataSource, java.util.Set.of(USER));
            long injected = FaultyVendorsSupport.injected("fitbit");
            assertTrue(injected >= 2, "faults were injected into legacy Fitbit calls: " + injected);
        } finally {
            FaultyVendorsSupport.faultsOff();
        }
        FaultyVendorsSupport.assertExactlyTheFaultFreeRecords(dataSource, registry, tokens, "fitbit", USER);
    }
}
