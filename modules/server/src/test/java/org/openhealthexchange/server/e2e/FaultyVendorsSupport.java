package org.openhealthexchange.server.e2e;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.openhealthexchange.server.e2e.E2eSupport.follow;
import static org.openhealthexchange.server.e2e.E2eSupport.missing;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.openhealthexchange.server.connections.ConnectionCredentials;
import org.openhealthexchange.server.connections.ProviderConnection;
import org.openhealthexchange.server.providers.ProviderRegistry;
import org.openhealthexchange.server.testing.TestTokens;

/**
 * What the backfills under injected vendor faults share: faults on and off through the sandbox's control endpoint,
 * several users linked at once, no dead job, and each user's EHR data exactly the vendor's own (read fault-free).
 */
final class FaultyVendorsSupport {

    private FaultyVendorsSupport() {}

    /** Every vendor data call fails with probability {@code rate}, drawn from {@code seed}; counters restart. */
    static void faultsOn(double rate, long seed) {
        given().contentType("application/json")
                .body(Map.of(
                        "rate",
                        rate,
                        "vendors",
                        Map.of(),
                        "seed",
                        seed,
                        "retry_after_seconds",
                        1,
                        "reset_counters",
                        true))
                .put("/sandbox/faults")
                .then()
                .statusCode(200);
    }

    static void faultsOff() {
        given().delete("/sandbox/faults").then().statusCode(200);
    }

    /** How many faults the sandbox injected into {@code vendor}'s data calls since {@link #faultsOn}. */
    static long injected(String vendor) {
        Map<String, Integer> kinds = given().get("/sandbox/faults")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getMap("injected." + quote(vendor));
        return kinds == null
                ? 0
                : kinds.values().stream().mapToLong(Integer::longValue).sum();
    }

    private static String quote(String key) {
        return "'" + key + "'";
    }

    /** Links every user (ehr user → provider) through the vendor's authorize page, all at the same time. */
    static void linkAllAtOnce(Map<String, String> providerOf) throws Exception {
        List<Callable<Void>> work = new ArrayList<>();
        providerOf.forEach((user, provider) -> work.add(() -> {
            String authorize = follow(given().auth()
                    .oauth2(TestTokens.forUsers(user))
                    .redirects()
                    .follow(false)
                    .get("/api/base/link/" + provider + "/?ehr_user_id=" + user));
            String callback = follow(
                    given().urlEncodingEnabled(false).redirects().follow(false).get(authorize));
            given().urlEncodingEnabled(false)
                    .redirects()
                    .follow(false)
                    .get(callback)
                    .then()
                    .statusCode(200)
                    .body(containsString("linked"));
            return null;
        }));
        ExecutorService pool = Executors.newFixedThreadPool(work.size());
        try {
            List<Future<Void>> futures = new ArrayList<>();
            work.forEach(w -> futures.add(pool.submit(w)));
            for (Future<Void> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Waits for the pipeline; then none of {@code users}' jobs is dead and each of them ran at least one. */
    static void awaitQuietWithoutDeadJobs(AgroalDataSource dataSource, Set<String> users) throws Exception {
        E2eSupport.awaitQuiet(dataSource);
        for (String user : users) {
            List<String> dead = new ArrayList<>();
            try (var c = dataSource.getConnection();
                    var ps = c.prepareStatement(
                            "SELECT id, attempts, last_error FROM sync_job WHERE status = 'dead' AND ehr_user_id = ?")) {
                ps.setString(1, user);
                try (var rs = ps.executeQuery()) {
                    while (rs.next()) {
                        dead.add(rs.getLong(1) + " after " + rs.getInt(2) + " attempt(s): " + rs.getString(3));
                    }
                }
            }
            assertEquals(List.of(), dead, user + ": dead-lettered jobs");
            assertTrue(
                    E2eSupport.count(
                                    dataSource,
                                    "SELECT count(*) FROM sync_job WHERE job_type = 'provider.sync'"
                                            + " AND status = 'succeeded' AND ehr_user_id = '" + user + "'")
                            > 0,
                    user + " was backfilled");
        }
    }

    static ProviderConnection link(String provider, String user) {
        return QuarkusTransaction.requiringNew()
                .call(() -> ProviderConnection.forUser(provider, user).orElseThrow());
    }

    /**
     * The EHR holds for {@code user} exactly the resources of the vendor's data of the backfill window, as a
     * fault-free read of the simulator makes them (call with the faults off), one Observation per identifier.
     */
    static void assertExactlyTheFaultFreeRecords(
            AgroalDataSource dataSource,
            ProviderRegistry registry,
            ConnectionCredentials tokens,
            String provider,
            String user)
            throws Exception {
        Instant[] window = E2eSupport.backfillWindow(dataSource, user, provider);
        Set<String> expected = E2eSupport.expectedIdentifiers(
                registry.adapter(provider).orElseThrow(), link(provider, user), tokens, window[0], window[1]);
        Set<String> held = E2eSupport.ehrResources(user).keySet();
        assertTrue(!expected.isEmpty(), user + " has vendor data in the window");
        assertTrue(
                held.equals(expected),
                () -> user + ": missing " + missing(expected, held) + ", extra " + missing(held, expected));
        assertEquals(
                expected.stream().filter(k -> !k.contains(":device|")).count(),
                E2eSupport.observationCount(user),
                user + ": one Observation per identifier");
    }
}
