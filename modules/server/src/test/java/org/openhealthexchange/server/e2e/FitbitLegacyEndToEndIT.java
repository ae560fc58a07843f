package org.openhealthexchange.server.e2e;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.openhealthexchange.server.e2e.E2eSupport.follow;
import static org.openhealthexchange.server.e2e.E2eSupport.missing;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openhealthexchange.server.connections.ProviderConnection;

/**
 * Fitbit on the legacy Web API generation (the seed's {@code /webhooks/fitbit/} contract), end to end against the
 * sandbox: link with PKCE and Basic client authentication, {@code ?verify=} handshakes, {@code X-Fitbit-Signature}
 * notifications, sync into the sandbox EHR; bad signatures answer 404 and store nothing; a revocation deactivates.
 */
@QuarkusTest
@TestProfile(FitbitLegacyEndToEndIT.Legacy.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FitbitLegacyEndToEndIT extends EndToEndTest {

    /** The legacy generation for links and syncs, and a shorter first backfill (Fitbit allows 150 calls an hour). */
    public static class Legacy implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("ohe.provider.fitbit.api-generation", "legacy", "ohe.linking.backfill-days", "5");
        }
    }

    static final String USER = "e2e-fitbit-legacy-1";
    static final String CLIENT_SECRET = "sandbox-secret";

    @Override
    String user() {
        return USER;
    }

    @Override
    String provider() {
        return "fitbit";
    }

    static String sign(String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec((CLIENT_SECRET + "&").getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        return Base64.getEncoder().encodeToString(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }

    private String sandboxNotify(String collectionType, LocalDate date) {
        return given().contentType("application/json")
                .body(Map.of(
                        "endpointUri",
                        baseUrl + "/webhooks/fitbit/",
                        "collectionType",
                        collectionType,
                        "date",
                        date.toString()))
                .post("/sandbox/fitbit/users/" + link().externalUserId + "/notify")
                .then()
                .extract()
                .asString();
    }

    @Test
    @Order(1)
    void linkingWithPkceAndBasicClientAuthenticationBackfills() throws Exception {
        String authorize = follow(given().auth()
                .oauth2(token())
                .redirects()
                .follow(false)
                .get("/api/base/link/fitbit/?ehr_user_id=" + USER));
        assertTrue(authorize.contains("/sandbox/fitbit/oauth2/authorize"), authorize);
        assertTrue(authorize.contains("code_challenge_method=S256"), authorize);
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
                .body("linked", equalTo(true));
        assertTrue(
                ProviderConnection.scopes(link().scopes).contains("activity"),
                "the grant's scopes are kept: they tell later syncs which API generation issued it");
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
    void verificationAnswers204ForTheCodeAnd404Otherwise() {
        given().get("/webhooks/fitbit/?verify=test-verification-code").then().statusCode(204);
        given().get("/webhooks/fitbit/?verify=wrong").then().statusCode(404);
        given().contentType("application/json")
                .body(Map.of(
                        "endpointUri", baseUrl + "/webhooks/fitbit/", "verificationCode", "test-verification-code"))
                .post("/sandbox/fitbit/subscriber/verify")
                .then()
                .statusCode(200);
    }

    @Test
    @Order(3)
    void theEhrHoldsExactlyTheVendorsDataOfTheBackfill() throws Exception {
        assertTheEhrHoldsExactlyTheBackfill();
    }

    @Test
    @Order(4)
    void aSignedNotificationSyncsItsDayAndReplaysChangeNothing() throws Exception {
        LocalDate day = LocalDate.now(ZoneOffset.UTC).minusDays(20);
        Set<String> before = E2eSupport.ehrResources(USER).keySet();
        String answer = sandboxNotify("body", day);
        assertTrue(answer.contains("202"), answer);
        awaitQuiet();
        Set<String> added = missing(E2eSupport.ehrResources(USER).keySet(), before);
        assertFalse(added.isEmpty(), "the weight of the notified day arrived");
        assertTrue(added.stream().allMatch(k -> k.startsWith("urn:ohe:fitbit:weight|")), added::toString);

        long events = count("SELECT count(*) FROM webhook_event WHERE provider = 'fitbit'");
        long syncJobs = count("SELECT count(*) FROM sync_job");
        String body = "[{\"collectionType\":\"body\",\"date\":\"" + day + "\",\"ownerId\":\"" + link().externalUserId
                + "\",\"ownerType\":\"user\",\"subscriptionId\":\"1\"}]";
        for (int i = 0; i < 2; i++) {
            given().contentType("application/json")
                    .header("X-Fitbit-Signature", sign(body))
                    .body(body)
                    .post("/webhooks/fitbit/")
                    .then()
                    .statusCode(202)
                    .body("status", equalTo("accepted"))
                    .body("provider", equalTo("fitbit"));
        }
        awaitQuiet();
        assertEquals(
                events + 1,
                count("SELECT count(*) FROM webhook_event WHERE provider = 'fitbit'"),
                "one row for the two deliveries");
        assertEquals(before.size() + added.size(), E2eSupport.ehrResources(USER).size(), "nothing duplicated");
        // The second delivery is absorbed while the first one's job is pending; should that job have started
        // already, the repeat is new work (an identical Fitbit notification announces new data of the day).
        assertTrue(count("SELECT count(*) FROM sync_job") <= syncJobs + 2);
    }

    @Test
    @Order(5)
    void badSignaturesAnswer404AndMalformedBodies400WithoutARow() throws Exception {
        long events = count("SELECT count(*) FROM webhook_event");
        String body = "[{\"collectionType\":\"activities\",\"date\":\"2026-01-02\",\"ownerId\":\"X\","
                + "\"ownerType\":\"user\",\"subscriptionId\":\"1\"}]";
        given().contentType("application/json")
                .header("X-Fitbit-Signature", sign(body + " "))
                .body(body)
                .post("/webhooks/fitbit/")
                .then()
                .statusCode(404);
        given().contentType("application/json")
                .body(body)
                .post("/webhooks/fitbit/")
                .then()
                .statusCode(404);
        given().get("/api/metrics/metrics/")
                .then()
                .statusCode(200)
                .body(containsString("ohe_webhook_requests_seconds_count{outcome=\"rejected\",provider=\"fitbit\""));
        String malformed = "[{\"collectionType\":\"activities\",\"date\":\"not-a-date\"}]";
        given().contentType("application/json")
                .header("X-Fitbit-Signature", sign(malformed))
                .body(malformed)
                .post("/webhooks/fitbit/")
                .then()
                .statusCode(400)
                .body("error", equalTo("malformed_notification"));
        assertEquals(events, count("SELECT count(*) FROM webhook_event"));
    }

    @Test
    @Order(6)
    void userRevokedAccessDeactivatesTheLink() throws Exception {
        String answer = sandboxNotify("userRevokedAccess", LocalDate.now(ZoneOffset.UTC));
        assertTrue(answer.contains("202"), answer);
        awaitQuiet();
        ProviderConnection link = link();
        assertFalse(link.active);
        assertTrue(link.deactivatedReason.contains("revoked"), link.deactivatedReason);
        given().auth()
                .oauth2(token())
                .get("/api/base/link/fitbit/status/?ehr_user_id=" + USER)
                .then()
                .statusCode(200)
                .body("linked", equalTo(false))
                .body("links[0].deactivated_reason", containsString("revoked"));
    }
}
