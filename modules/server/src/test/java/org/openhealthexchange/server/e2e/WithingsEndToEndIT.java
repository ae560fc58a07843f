package org.openhealthexchange.server.e2e;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.openhealthexchange.server.e2e.E2eSupport.follow;
import static org.openhealthexchange.server.e2e.E2eSupport.missing;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openhealthexchange.server.connections.ProviderConnection;
import org.openhealthexchange.server.testing.TestTokens;

/**
 * Withings carried all the way: link through the sandbox's authorize page, backfill, a pushed notification, and the
 * sandbox EHR holding exactly the resources the vendor's data makes; then replays and a full re-sync change nothing.
 */
@QuarkusTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WithingsEndToEndIT extends EndToEndTest {

    static final String USER = "e2e-withings-1";

    @Override
    String user() {
        return USER;
    }

    @Override
    String provider() {
        return "withings";
    }

    @Test
    @Order(1)
    void linkingThroughTheVendorsAuthorizePageStoresALinkAndBackfills() throws Exception {
        String authorize = follow(given().auth()
                .oauth2(token())
                .redirects()
                .follow(false)
                .get("/api/base/link/withings/?ehr_user_id=" + USER));
        assertTrue(authorize.contains("/sandbox/withings/oauth2_user/authorize2"), authorize);
        assertTrue(
                authorize.contains("scope=user.info,user.metrics,user.activity")
                        || authorize.contains("scope=user.info%2Cuser.metrics%2Cuser.activity"),
                authorize);
        // The URLs are already encoded: RestAssured must not encode them again.
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
                .get("/api/base/link/withings/status/?ehr_user_id=" + USER)
                .then()
                .statusCode(200)
                .body("linked", equalTo(true))
                .body("links[0].provider_type", equalTo("withings"));
        awaitQuiet();
        given().auth()
                .oauth2(token())
                .get("/api/base/sync/status/?ehr_user_id=" + USER + "&provider=withings")
                .then()
                .statusCode(200)
                .body("status", equalTo("completed"));
    }

    @Test
    @Order(2)
    void theEhrHoldsExactlyTheResourcesOfTheVendorsDataAndEveryOneIsValid() throws Exception {
        assertTheEhrHoldsExactlyTheBackfill();
    }

    @Test
    @Order(3)
    void aPushedNotificationSyncsTheNewMeasurementAndAReplayAfterItsSyncChangesNothing() throws Exception {
        ProviderConnection link = link();
        int before = E2eSupport.ehrResources(USER).size();
        long eventsBefore = count("SELECT count(*) FROM webhook_event WHERE provider = 'withings'");
        Response pushed = given().contentType("application/json")
                .body(Map.of("type", "weight", "value", 71.3))
                .post("/sandbox/withings/users/" + link.externalUserId + "/measurements");
        pushed.then().statusCode(200);
        // The simulator gives up on a slow callback after 5 s while OHE still stores it: wait for the row first.
        E2eSupport.awaitRow(dataSource, "SELECT count(*) FROM webhook_event WHERE provider = 'withings'", eventsBefore);
        awaitQuiet();
        Map<String, Resource> after = E2eSupport.ehrResources(USER);
        assertEquals(before + 1, after.size(), "the new weight arrived once");
        assertTrue(after.values().stream()
                .anyMatch(r -> r instanceof Observation o
                        && o.hasValueQuantity()
                        && o.getValueQuantity().getValue().doubleValue() == 71.3));

        long events = count("SELECT count(*) FROM webhook_event WHERE provider = 'withings'");
        long jobsBefore = count("SELECT count(*) FROM sync_job");
        String form = lastNotificationBody();
        // The first delivery's sync has finished: an identical notification now is new work (Withings announces an
        // edited measure exactly so), one row still, one more sync of the window, and the EHR unchanged.
        given().contentType("application/x-www-form-urlencoded")
                .body(form)
                .post("/webhooks/withings/?token=test-callback-token")
                .then()
                .statusCode(202)
                .body("status", equalTo("accepted"))
                .body("sync_tasks_queued", equalTo(1));
        awaitQuiet();
        assertEquals(events, count("SELECT count(*) FROM webhook_event WHERE provider = 'withings'"));
        assertEquals(jobsBefore + 1, count("SELECT count(*) FROM sync_job"));
        assertEquals(after.keySet(), E2eSupport.ehrResources(USER).keySet());
    }

    @Test
    @Order(4)
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
                        "withings",
                        "start",
                        window[0].atOffset(java.time.ZoneOffset.UTC).toString(),
                        "end",
                        window[1].atOffset(java.time.ZoneOffset.UTC).toString()))
                .post("/api/base/sync/backfill/")
                .then()
                .statusCode(202)
                .body("jobs_queued", org.hamcrest.Matchers.greaterThan(0));
        awaitQuiet();
        Set<String> after = E2eSupport.ehrResources(USER).keySet();
        assertTrue(
                after.equals(before),
                () -> "re-sync changed the EHR: added " + missing(after, before) + ", lost " + missing(before, after));
        int observations = E2eSupport.observationCount(USER);
        assertEquals(
                before.stream().filter(k -> !k.contains(":device|")).count(),
                observations,
                "one Observation per identifier");
    }

    @Test
    @Order(5)
    void forgedAndMalformedNotificationsAreRejectedWithoutARow() throws Exception {
        long events = count("SELECT count(*) FROM webhook_event");
        given().contentType("application/x-www-form-urlencoded")
                .body("userid=1&appli=1&startdate=1&enddate=2")
                .post("/webhooks/withings/")
                .then()
                .statusCode(401)
                .body("error", equalTo("invalid_signature"));
        given().contentType("application/x-www-form-urlencoded")
                .body("userid=1&appli=1&startdate=1&enddate=2")
                .post("/webhooks/withings/?token=wrong")
                .then()
                .statusCode(401);
        given().contentType("application/x-www-form-urlencoded")
                .body("appli=1&startdate=1&enddate=2")
                .post("/webhooks/withings/?token=test-callback-token")
                .then()
                .statusCode(400)
                .body("error", equalTo("malformed_notification"));
        given().contentType("application/json")
                .body("{\"userid\":\"x\"")
                .post("/webhooks/withings/?token=test-callback-token")
                .then()
                .statusCode(400);
        given().get("/webhooks/withings/?challenge=abc").then().statusCode(200).body(equalTo("abc"));
        given().head("/webhooks/withings/").then().statusCode(200);
        given().post("/webhooks/nosuch/").then().statusCode(404);
        assertEquals(events, count("SELECT count(*) FROM webhook_event"));
    }

    @Test
    @Order(6)
    void aNotificationForAnUnlinkedUserIsAcceptedAndIgnored() throws Exception {
        given().contentType("application/x-www-form-urlencoded")
                .body("userid=424242&appli=1&startdate=1700000000&enddate=1700000060")
                .post("/webhooks/withings/?token=test-callback-token")
                .then()
                .statusCode(202)
                .body("sync_tasks_queued", equalTo(1));
        awaitQuiet();
        try (var c = dataSource.getConnection();
                var s = c.createStatement();
                var rs = s.executeQuery(
                        "SELECT status FROM webhook_event WHERE body = convert_to('userid=424242&appli=1&startdate=1700000000&enddate=1700000060', 'UTF8')")) {
            assertTrue(rs.next());
            assertEquals("ignored", rs.getString(1));
        }
        assertEquals(0, count("SELECT count(*) FROM sync_job WHERE job_type = 'provider.sync' AND subject = '424242'"));
    }

    @Test
    @Order(7)
    void deviceSyncAndStatusInTheSeedsShapes() {
        given().auth()
                .oauth2(token())
                .contentType("application/json")
                .body(Map.of("ehr_user_id", USER, "provider", "withings"))
                .post("/api/base/sync/trigger_device_sync/")
                .then()
                .statusCode(200)
                .body("message", equalTo("Device sync completed"))
                .body("success", equalTo(true))
                .body("devices_processed", equalTo(3))
                .body("associations_created", equalTo(3))
                .body("sync_id", org.hamcrest.Matchers.startsWith("device-sync-"));
        given().auth()
                .oauth2(token())
                .get("/api/base/sync/status/?ehr_user_id=" + USER)
                .then()
                .statusCode(200)
                .body("providers.withings.status", equalTo("completed"))
                .body("providers.withings.records_synced", org.hamcrest.Matchers.greaterThan(0));
        given().auth()
                .oauth2(token())
                .get("/api/base/sync/status/?provider=withings")
                .then()
                .statusCode(400)
                .body("error", equalTo("validation_error"))
                .body("details.ehr_user_id[0]", equalTo("This field is required."));
        given().auth()
                .oauth2(token())
                .get("/api/base/sync/status/?ehr_user_id=" + USER + "&provider=nope")
                .then()
                .statusCode(400)
                .body("details.provider[0]", equalTo("Invalid choice: 'nope'"));
        given().auth()
                .oauth2(token())
                .contentType("application/json")
                .body("{\"ehr_user_id\":\"" + USER + "\"")
                .post("/api/base/sync/trigger_device_sync/")
                .then()
                .statusCode(400)
                .body("error", equalTo("malformed_json"));
        given().auth()
                .oauth2(TestTokens.forUsers("nobody"))
                .contentType("application/json")
                .body(Map.of("ehr_user_id", "nobody", "provider", "withings"))
                .post("/api/base/sync/trigger_device_sync/")
                .then()
                .statusCode(404);
        given().auth()
                .oauth2(token())
                .contentType("application/json")
                .body(Map.of("ehr_user_id", USER, "provider", "withings", "start", "2026-02-10", "end", "2026-02-01"))
                .post("/api/base/sync/backfill/")
                .then()
                .statusCode(400)
                .body("details.end[0]", equalTo("Must be after start."));
    }

    @Test
    @Order(8)
    void concurrentDeliveriesOfOneNotificationStoreItOnce() throws Exception {
        String form = "userid=515151&appli=4&startdate=1700000100&enddate=1700000200";
        var pool = java.util.concurrent.Executors.newFixedThreadPool(12);
        List<java.util.concurrent.Future<Integer>> answers = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            answers.add(pool.submit(() -> given().contentType("application/x-www-form-urlencoded")
                    .body(form)
                    .post("/webhooks/withings/?token=test-callback-token")
                    .then()
                    .statusCode(202)
                    .extract()
                    .<Integer>path("sync_tasks_queued")));
        }
        int queued = 0;
        for (var a : answers) {
            queued += a.get(60, java.util.concurrent.TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertEquals(1, queued, "exactly one delivery was new");
        assertEquals(1, count("SELECT count(*) FROM webhook_event WHERE external_user_id = '515151'"));
        assertEquals(24, count("SELECT deliveries FROM webhook_event WHERE external_user_id = '515151'"));
    }

    @Test
    @Order(9)
    void webhookHealthAndMetricsInTheSeedsShapes() {
        given().get("/webhooks/health/")
                .then()
                .statusCode(200)
                .body("status", equalTo("healthy"))
                .body("services.database", equalTo("healthy"))
                .body("version", equalTo("2.0.0"));
        given().get("/webhooks/metrics/")
                .then()
                .statusCode(200)
                .body("webhook_metrics.total_requests", org.hamcrest.Matchers.greaterThan(0))
                .body("endpoints.withings.requests", org.hamcrest.Matchers.greaterThan(0));
    }

    private String lastNotificationBody() throws SQLException {
        try (var c = dataSource.getConnection();
                var s = c.createStatement();
                var rs = s.executeQuery(
                        "SELECT body FROM webhook_event WHERE provider = 'withings' ORDER BY id DESC LIMIT 1")) {
            rs.next();
            return new String(rs.getBytes(1), java.nio.charset.StandardCharsets.UTF_8);
        }
    }
}
