package org.openhealthexchange.server.e2e;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openhealthexchange.server.testing.TestTokens;

/**
 * Three Fitbit users on the legacy Web API generation linked at the same time, published to the stock HAPI server:
 * each Patient holds exactly its own user's data (same device models, the same days), no subject ever changed, and
 * a forced re-sync of everyone at once rewrites nothing.
 */
@QuarkusTest
@TestProfile(HapiEhr.LegacyFitbitProfile.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LegacyFitbitOnHapiIT extends HapiManyUsersTest {

    static final List<String> USERS = List.of("hapi-l-1", "hapi-l-2", "hapi-l-3");

    @Override
    String provider(String user) {
        return "fitbit";
    }

    @Test
    @Order(1)
    void threeLegacyUsersLinkAtOnceAndEachPatientHoldsExactlyItsOwnData() throws Exception {
        linkAllAtOnce(USERS);
        Map<String, String> owner = assertEachPatientHoldsExactlyItsOwnData(USERS);
        assertTrue(owner.keySet().stream().anyMatch(k -> k.startsWith("urn:ohe:fitbit:device|")));
        assertTrue(
                owner.keySet().stream().anyMatch(k -> k.startsWith("urn:ohe:fitbit:hrv_rmssd|")),
                "RMSSD under its own kind, never as SDNN");
    }

    @Test
    @Order(2)
    void aForcedResyncOfEveryoneAtOnceRewritesNothing() throws Exception {
        Map<String, Map<String, String>> before = new HashMap<>();
        USERS.forEach(u -> before.put(u, versions(u)));
        allAtOnce(USERS.stream().map(this::forcedResync).toList());
        awaitQuietWithoutDeadJobs();
        for (String user : USERS) {
            assertEquals(before.get(user), versions(user), user + ": same resources, same versions");
        }
        assertNoResourceEverChangedItsSubject();
    }

    @Test
    @Order(3)
    void theSameBackfillWithoutForceSaysTruthfullyThatItQueuedNothing() throws Exception {
        String user = USERS.get(0);
        Instant[] window = E2eSupport.backfillWindow(dataSource, user, "fitbit");
        var answer = given().auth()
                .oauth2(TestTokens.forUsers(user))
                .contentType("application/json")
                .body(Map.of(
                        "ehr_user_id",
                        user,
                        "provider",
                        "fitbit",
                        "start",
                        window[0].atOffset(ZoneOffset.UTC).toString(),
                        "end",
                        resyncEnd(window).atOffset(ZoneOffset.UTC).toString())) // as the forced one
                .post("/api/base/sync/backfill/")
                .then()
                .statusCode(202)
                .extract()
                .jsonPath();
        assertEquals(0, answer.getInt("jobs_queued"), answer.prettify());
        assertTrue(answer.getString("message").contains("force"), answer.prettify());
        assertEquals(answer.getList("job_ids"), answer.getList("existing_job_ids"));
    }
}
