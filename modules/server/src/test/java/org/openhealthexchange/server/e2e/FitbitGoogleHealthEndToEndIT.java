package org.openhealthexchange.server.e2e;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.openhealthexchange.server.e2e.E2eSupport.follow;
import static org.openhealthexchange.server.e2e.E2eSupport.missing;

import io.quarkus.test.junit.QuarkusTest;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.hl7.fhir.r4.model.Observation;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openhealthexchange.server.connections.ProviderConnection;

/**
 * Fitbit through the Google Health API (the default generation), end to end against the sandbox: link with PKCE,
 * the subscriber verification handshake, signed notifications, sync into the sandbox EHR; forged, unsigned,
 * replayed and malformed notifications change nothing; a DELETE notification retracts what the vendor no longer has.
 */
@QuarkusTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FitbitGoogleHealthEndToEndIT extends EndToEndTest {

    static final String USER = "e2e-fitbit-google-1";
    static final String SECRET = "test-subscriber-secret";

    @Override
    String user() {
        return USER;
    }

    @Override
    String provider() {
        return "fitbit";
    }

    private Set<String> expected(Instant start, Instant end, String kind) throws Exception {
        Set<String> all = expectedIdentifiers(start, end);
        Set<String> some = new TreeSet<>();
        all.stream()
                .filter(k -> kind == null || k.startsWith("urn:ohe:fitbit:" + kind + "|"))
                .forEach(some::add);
        return some;
    }

    private String notify(String dataType, String operation, Instant start, Instant end) {
        return given().contentType("application/json")
                .body(Map.of(
                        "dataType", dataType, "operation", operation, "start", start.toString(), "end", end.toString()))
                .post("/sandbox/google-health/users/" + link().externalUserId + "/notify")
                .then()
                .extract()
                .asString();
    }

    @Test
    @Order(1)
    void linkingWithPkceStoresTheLinkAndBackfills() throws Exception {
        String authorize = follow(given().auth()
                .oauth2(token())
                .redirects()
                .follow(false)
                .get("/api/base/link/fitbit/?ehr_user_id=" + USER));
        assertTrue(authorize.contains("/sandbox/google-health/o/oauth2/v2/auth"), authorize);
        assertTrue(
                authorize.contains("code_challenge_method=S256") && authorize.contains("code_challenge="), authorize);
        String callback = follow(
                given().urlEncodingEnabled(false).redirects().follow(false).get(authorize));
        given().urlEncodingEnabled(false)
                .redirects()
                .follow(false)
                .get(callback)
                .then()
                .statusCode(200)
                .body(containsString("linked"));

        given().auth()
                .oauth2(token())
                .get("/api/base/link/fitbit/status/?ehr_user_id=" + USER)
                .then()
                .statusCode(200)
                .body("linked", equalTo(true))
                .body("links[0].provider_type", equalTo("fitbit"));
        given().auth()
                .oauth2(token())
                .get("/api/base/sync/providers/?ehr_user_id=" + USER)
                .then()
                .statusCode(200)
                .body("connected_providers.provider.provider_type", hasItem("fitbit"));
        ProviderConnection link = link();
        assertFalse(link.externalUserId == null || link.externalUserId.isBlank(), "the vendor's user id is stored");
        assertFalse(link.accessTokenEnc.contains(link.externalUserId), "tokens are stored encrypted");
        awaitQuiet();
        given().auth()
                .oauth2(token())
                .get("/api/base/sync/status/?ehr_user_id=" + USER + "&provider=fitbit")
                .then()
                .statusCode(200)
                .body("status", equalTo("completed"));
    }

    @Test
    @Order(2)
    void theSubscriberVerificationHandshakeAnswers201With401Without() {
        given().contentType("application/json")
                .header("Authorization", SECRET)
                .body("{\"type\":\"verification\"}")
                .post("/webhooks/fitbit/")
                .then()
                .statusCode(201);
        given().contentType("application/json")
                .body("{\"type\":\"verification\"}")
                .post("/webhooks/fitbit/")
                .then()
                .statusCode(401);
        given().contentType("application/json")
                .header("Authorization", "wrong")
                .body("{\"type\":\"verification\"}")
                .post("/webhooks/fitbit/")
                .then()
                .statusCode(401);
        // The simulator performs Google's own two-step check against our endpoint.
        given().contentType("application/json")
                .body(Map.of("endpointUri", baseUrl + "/webhooks/fitbit/", "secret", SECRET))
                .post("/sandbox/google-health/subscribers")
                .then()
                .statusCode(200);
    }

    @Test
    @Order(3)
    void theEhrHoldsExactlyTheVendorsDataOfTheBackfillAsValidResources() throws Exception {
        assertTheEhrHoldsExactlyTheBackfill();
        assertTrue(
                E2eSupport.ehrResources(USER).values().stream()
                        .anyMatch(r -> r instanceof Observation o
                                && o.hasValueSampledData()
                                && "149514"
                                        .equals(o.getCode().getCodingFirstRep().getCode())),
                "heart rate as SampledData");
    }

    @Test
    @Order(4)
    void aSignedNotificationSyncsItsWindowAndAReplayAfterItsSyncChangesNothing() throws Exception {
        Instant start = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(45));
        Instant end = start.plus(Duration.ofDays(3));
        Set<String> before = E2eSupport.ehrResources(USER).keySet();
        String answer = notify("weight", "UPSERT", start, end);
        assertTrue(answer.contains("202"), answer);
        awaitQuiet();
        Set<String> added = missing(E2eSupport.ehrResources(USER).keySet(), before);
        Set<String> weights = expected(start, end, "weight");
        assertFalse(weights.isEmpty());
        assertEquals(weights, added, "exactly the vendor's weights of the notified window arrived");

        long events = count("SELECT count(*) FROM webhook_event WHERE provider = 'fitbit'");
        long syncJobs = count("SELECT count(*) FROM sync_job");
        // The first delivery's sync has finished, so the same notification again is new work (one more sync of
        // the window, see WebhookInbox): still one row, and the EHR unchanged.
        notify("weight", "UPSERT", start, end);
        awaitQuiet();
        assertEquals(events, count("SELECT count(*) FROM webhook_event WHERE provider = 'fitbit'"), "no new row");
        assertEquals(syncJobs + 1, count("SELECT count(*) FROM sync_job"), "one more sync of the window");
        assertEquals(before.size() + added.size(), E2eSupport.ehrResources(USER).size());
    }

    @Test
    @Order(5)
    void forgedUnsignedAndMalformedNotificationsStoreNothing() throws Exception {
        long events = count("SELECT count(*) FROM webhook_event");
        String body = "{\"data\":{\"healthUserId\":\"" + link().externalUserId + "\",\"operation\":\"UPSERT\","
                + "\"dataType\":\"weight\",\"intervals\":[]}}";
        // unsigned (a keyset is configured, so a signature is required)
        given().contentType("application/json")
                .header("Authorization", SECRET)
                .body(body)
                .post("/webhooks/fitbit/")
                .then()
                .statusCode(401)
                .body("error", equalTo("invalid_signature"));
        // forged signature
        given().contentType("application/json")
                .header("Authorization", SECRET)
                .header("X-HEALTHAPI-SIGNATURE", "MEUCIQDforgedforgedforgedforgedforgedforgedforgedforgedAiB=")
                .body(body)
                .post("/webhooks/fitbit/")
                .then()
                .statusCode(401);
        // no Authorization
        given().contentType("application/json")
                .body(body)
                .post("/webhooks/fitbit/")
                .then()
                .statusCode(401);
        // malformed
        given().contentType("application/json")
                .header("Authorization", SECRET)
                .body("{\"data\":")
                .post("/webhooks/fitbit/")
                .then()
                .statusCode(401);
        assertEquals(events, count("SELECT count(*) FROM webhook_event"));
        given().get("/webhooks/metrics/")
                .then()
                .statusCode(200)
                .body("endpoints.fitbit.requests", org.hamcrest.Matchers.greaterThan(0));
    }

    @Test
    @Order(6)
    void aDeleteNotificationRetractsWhatTheVendorNoLongerHas() throws Exception {
        Instant start = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(45));
        Instant end = start.plus(Duration.ofDays(3));
        // A weight OHE published earlier that the user has since deleted at the vendor.
        String ghost =
                """
                {"resourceType":"Observation","status":"final",
                 "identifier":[{"system":"urn:ohe:fitbit:weight","value":"%s:ghost-1"}],
                 "category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category","code":"vital-signs"}]}],
                 "code":{"coding":[{"system":"http://loinc.org","code":"29463-7"}]},
                 "subject":{"reference":"Patient?identifier=urn:ohe:ehr-user-id|%s"},
                 "effectiveDateTime":"%s",
                 "valueQuantity":{"value":80.0,"unit":"kg","system":"http://unitsofmeasure.org","code":"kg"}}"""
                        .formatted(link().externalUserId, USER, start.plus(Duration.ofHours(30)));
        given().contentType("application/fhir+json")
                .body(ghost)
                .post("/sandbox/fhir/Observation")
                .then()
                .statusCode(201);
        Set<String> before = E2eSupport.ehrResources(USER).keySet();
        String ghostKey = "urn:ohe:fitbit:weight|" + link().externalUserId + ":ghost-1";
        assertTrue(before.contains(ghostKey));

        String answer = notify("weight", "DELETE", start, end);
        assertTrue(answer.contains("202"), answer);
        awaitQuiet();
        Set<String> after = E2eSupport.ehrResources(USER).keySet();
        assertEquals(Set.of(ghostKey), missing(before, after), "only the ghost went");
        assertTrue(after.containsAll(expected(start, end, "weight")), "what the vendor still has stays");
    }

    @Test
    @Order(7)
    void aFullResyncDuplicatesNothing() throws Exception {
        Set<String> before = E2eSupport.ehrResources(USER).keySet();
        Instant[] window = backfillWindow();
        given().auth()
                .oauth2(token())
                .contentType("application/json")
                .body(Map.of(
                        "ehr_user_id",
                        USER,
                        "provider",
                        "fitbit",
                        "start",
                        window[0].atOffset(java.time.ZoneOffset.UTC).toString(),
                        // Up to the link day's midnight: an hour or day still in progress at link time is complete
                        // by now and would rightly be added, whatever the hour the test runs at.
                        "end",
                        window[1]
                                .truncatedTo(ChronoUnit.DAYS)
                                .atOffset(java.time.ZoneOffset.UTC)
                                .toString()))
                .post("/api/base/sync/backfill/")
                .then()
                .statusCode(202);
        awaitQuiet();
        Set<String> after = E2eSupport.ehrResources(USER).keySet();
        assertTrue(
                after.equals(before),
                () -> "re-sync changed the EHR: added " + missing(after, before) + ", lost " + missing(before, after));
        assertEquals(
                before.stream().filter(k -> !k.contains(":device|")).count(),
                E2eSupport.observationCount(USER),
                "one Observation per identifier");
    }

    @Test
    @Order(8)
    void anExpiredAccessTokenIsRefreshedAndTheRotatedPairStoredBeforeUse() throws Exception {
        ProviderConnection before = link();
        String oldRefresh = vault.decrypt(before.refreshTokenEnc);
        expireAccessToken();
        backfillOneDay(60);
        ProviderConnection after = link();
        assertTrue(after.active);
        assertFalse(
                vault.decrypt(after.accessTokenEnc).equals(vault.decrypt(before.accessTokenEnc)), "new access token");
        assertFalse(vault.decrypt(after.refreshTokenEnc).equals(oldRefresh), "rotated refresh token stored");
        assertEquals(400, refreshAtTheVendor(oldRefresh), "the old refresh token is single-use");
        assertEquals(0, count("SELECT count(*) FROM sync_job WHERE status = 'dead' AND ehr_user_id = '" + USER + "'"));
    }

    @Test
    @Order(9)
    void unlinkRevokesTheGrantAtTheVendorAndDeactivatesTheLink() throws Exception {
        String refresh = vault.decrypt(link().refreshTokenEnc);
        given().auth()
                .oauth2(token())
                .delete("/api/base/link/fitbit/?ehr_user_id=" + USER)
                .then()
                .statusCode(org.hamcrest.Matchers.lessThan(300));
        given().auth()
                .oauth2(token())
                .get("/api/base/link/fitbit/status/?ehr_user_id=" + USER)
                .then()
                .statusCode(200)
                .body("linked", equalTo(false))
                .body("links[0].deactivated_reason", equalTo("unlinked"));
        assertEquals(400, refreshAtTheVendor(refresh), "the grant is gone at the vendor");
    }

    @Test
    @Order(10)
    void aGrantRevokedAtTheVendorDeactivatesTheLinkWithAReason() throws Exception {
        linkingWithPkceStoresTheLinkAndBackfills();
        String refresh = vault.decrypt(link().refreshTokenEnc);
        given().contentType("application/x-www-form-urlencoded")
                .body("token=" + refresh)
                .post("/sandbox/google-health/revoke")
                .then()
                .statusCode(200);
        expireAccessToken();
        backfillOneDay(70);
        ProviderConnection link = link();
        assertFalse(link.active);
        assertTrue(link.deactivatedReason.contains("refresh refused"), link.deactivatedReason);
        given().auth()
                .oauth2(token())
                .get("/api/base/link/fitbit/status/?ehr_user_id=" + USER)
                .then()
                .statusCode(200)
                .body("linked", equalTo(false))
                .body("links[0].deactivated_reason", containsString("link again"));
    }

    private void expireAccessToken() throws SQLException {
        try (var c = dataSource.getConnection();
                var ps = c.prepareStatement(
                        "UPDATE provider_link SET token_expires_at = now() - interval '1 minute' WHERE provider = 'fitbit'"
                                + " AND ehr_user_id = ?")) {
            ps.setString(1, USER);
            assertEquals(1, ps.executeUpdate());
        }
    }

    private void backfillOneDay(int daysAgo) throws Exception {
        Instant start = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(daysAgo));
        given().auth()
                .oauth2(token())
                .contentType("application/json")
                .body(Map.of(
                        "ehr_user_id",
                        USER,
                        "provider",
                        "fitbit",
                        "start",
                        start.toString(),
                        "end",
                        start.plus(Duration.ofDays(1)).toString()))
                .post("/api/base/sync/backfill/")
                .then()
                .statusCode(202);
        awaitQuiet();
    }

    private static int refreshAtTheVendor(String refreshToken) {
        return given().contentType("application/x-www-form-urlencoded")
                .body("grant_type=refresh_token&client_id=sandbox-client&client_secret=sandbox-secret&refresh_token="
                        + java.net.URLEncoder.encode(refreshToken, java.nio.charset.StandardCharsets.UTF_8))
                .post("/sandbox/google-health/token")
                .statusCode();
    }
}
