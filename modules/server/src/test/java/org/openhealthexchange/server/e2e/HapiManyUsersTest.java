package org.openhealthexchange.server.e2e;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.openhealthexchange.server.e2e.E2eSupport.follow;
import static org.openhealthexchange.server.e2e.E2eSupport.missing;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.openhealthexchange.core.fhir.R4Validator;
import org.openhealthexchange.server.connections.ConnectionCredentials;
import org.openhealthexchange.server.connections.ProviderConnection;
import org.openhealthexchange.server.providers.ProviderRegistry;
import org.openhealthexchange.server.testing.TestTokens;

/** What the many-user tests on the stock HAPI server share: linking users at once and judging each Patient. */
abstract class HapiManyUsersTest {

    @Inject
    AgroalDataSource dataSource;

    @Inject
    ProviderRegistry registry;

    @Inject
    ConnectionCredentials tokens;

    /** This test run's own base URL (the vendors' simulators call back to it). */
    @ConfigProperty(name = "ohe-test.base-url")
    String baseUrl;

    /** The provider {@code user} is linked to. */
    abstract String provider(String user);

    ProviderConnection link(String user) {
        return QuarkusTransaction.requiringNew()
                .call(() -> ProviderConnection.forUser(provider(user), user).orElseThrow());
    }

    /** Links every user through the vendor's authorize page, all at the same time, and waits for the backfills. */
    void linkAllAtOnce(List<String> users) throws Exception {
        allAtOnce(users.stream()
                .<Callable<Void>>map(user -> () -> {
                    String authorize = follow(given().auth()
                            .oauth2(TestTokens.forUsers(user))
                            .redirects()
                            .follow(false)
                            .get("/api/base/link/" + provider(user) + "/?ehr_user_id=" + user));
                    String callback = follow(given().urlEncodingEnabled(false)
                            .redirects()
                            .follow(false)
                            .get(authorize));
                    given().urlEncodingEnabled(false)
                            .redirects()
                            .follow(false)
                            .get(callback)
                            .then()
                            .statusCode(200)
                            .body(containsString("linked"));
                    return null;
                })
                .toList());
        awaitQuietWithoutDeadJobs();
    }

    /** What the EHR must hold for {@code user}: the vendor's own data of the backfill window, mapped. */
    Set<String> expected(String user) throws Exception {
        Instant[] window = E2eSupport.backfillWindow(dataSource, user, provider(user));
        return E2eSupport.expectedIdentifiers(
                registry.adapter(provider(user)).orElseThrow(), link(user), tokens, window[0], window[1]);
    }

    /**
     * Each user's Patient holds exactly that user's vendor data, one Patient per user, no identifier in two
     * Patients, every resource valid as the HL7 validator judges it (profiles implied by code).
     */
    Map<String, String> assertEachPatientHoldsExactlyItsOwnData(List<String> users) throws Exception {
        Set<String> patients = new HashSet<>();
        Map<String, String> owner = new HashMap<>();
        for (String user : users) {
            Set<String> expected = expected(user);
            Map<String, Resource> held = EhrClient.resourcesOf(user);
            assertFalse(expected.isEmpty(), user + " has vendor data");
            assertEquals(
                    expected,
                    held.keySet(),
                    () -> user + ": missing " + missing(expected, held.keySet()) + ", extra "
                            + missing(held.keySet(), expected));
            assertTrue(patients.add(EhrClient.patientId(user).orElseThrow()), "one Patient per user");
            for (var entry : held.entrySet()) {
                String previous = owner.put(entry.getKey(), user);
                assertTrue(previous == null, () -> entry.getKey() + " belongs to " + previous + " and " + user);
                var report = R4Validator.shared().validate(entry.getValue());
                assertTrue(report.valid(), () -> user + " " + entry.getKey() + ": " + report.errors());
            }
        }
        return owner;
    }

    /** No version of any Observation or Device the EHR ever stored names another patient than the first. */
    static void assertNoResourceEverChangedItsSubject() {
        for (String type : List.of("Observation", "Device")) {
            Map<String, Set<String>> subjects = new HashMap<>();
            for (Resource version : EhrClient.history(type)) {
                Reference subject = version instanceof Observation o ? o.getSubject() : ((Device) version).getPatient();
                subjects.computeIfAbsent(version.getIdElement().getIdPart(), k -> new HashSet<>())
                        .add(subject.getReference());
            }
            assertFalse(subjects.isEmpty());
            subjects.forEach((id, refs) -> assertEquals(1, refs.size(), () -> type + "/" + id + " moved: " + refs));
        }
    }

    /** A forced backfill of the user's first backfill window, as an integrator asks for a re-sync. */
    /**
     * Where a re-sync of the link window ends: the link day's midnight. A Google hour or day in progress at link
     * time is complete by now and would rightly be added, whatever the hour the test runs at.
     */
    static Instant resyncEnd(Instant[] window) {
        return window[1].truncatedTo(java.time.temporal.ChronoUnit.DAYS);
    }

    Callable<Void> forcedResync(String user) {
        return () -> {
            Instant[] window = E2eSupport.backfillWindow(dataSource, user, provider(user));
            given().auth()
                    .oauth2(TestTokens.forUsers(user))
                    .contentType("application/json")
                    .body(Map.of(
                            "ehr_user_id",
                            user,
                            "provider",
                            provider(user),
                            "force",
                            true,
                            "start",
                            window[0].atOffset(ZoneOffset.UTC).toString(),
                            "end",
                            resyncEnd(window).atOffset(ZoneOffset.UTC).toString()))
                    .post("/api/base/sync/backfill/")
                    .then()
                    .statusCode(202)
                    .body("jobs_queued", org.hamcrest.Matchers.greaterThan(0));
            return null;
        };
    }

    void awaitQuietWithoutDeadJobs() throws Exception {
        E2eSupport.awaitQuiet(dataSource);
        try (var c = dataSource.getConnection();
                var s = c.createStatement();
                var rs = s.executeQuery(
                        "SELECT id, ehr_user_id, last_error FROM sync_job WHERE status = 'dead' AND ehr_user_id LIKE 'hapi-%'")) {
            List<String> dead = new ArrayList<>();
            while (rs.next()) {
                dead.add(rs.getLong(1) + " " + rs.getString(2) + ": " + rs.getString(3));
            }
            assertTrue(dead.isEmpty(), () -> "dead-lettered jobs: " + dead);
        }
    }

    static <T> List<T> allAtOnce(List<Callable<T>> work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(work.size());
        try {
            List<Future<T>> futures = new ArrayList<>();
            work.forEach(w -> futures.add(pool.submit(w)));
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    /** identifier -> versionId of everything the user's Patient holds. */
    static Map<String, String> versions(String user) {
        Map<String, String> v = new TreeMap<>();
        EhrClient.resourcesOf(user).forEach((id, r) -> v.put(id, r.getMeta().getVersionId()));
        return v;
    }
}
