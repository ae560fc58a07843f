package org.openhealthexchange.server.e2e;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.openhealthexchange.server.e2e.E2eSupport.follow;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.hl7.fhir.r4.model.Observation;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openhealthexchange.server.connections.ProviderConnection;
import org.openhealthexchange.server.testing.TestTokens;

/**
 * Floods and odd notifications through the whole Withings pipeline (sandbox vendor, inbox, dispatcher, jobs, sandbox
 * EHR): a window from 1970 to the far future stays a bounded sync and the next user is still served; a hundred
 * notifications of one user within an hour become a handful of jobs and every measure arrives; and an edit that
 * Withings announces with a byte-identical notification is fetched.
 */
@QuarkusTest
@TestProfile(NotificationFloodIT.Profile.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NotificationFloodIT {

    /** Short backfills: what these tests look at is the notifications. */
    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("ohe.linking.backfill-days", "2");
        }
    }

    static final String FLOODED = "flood-w-1";
    static final String OTHER = "flood-w-2";
    private static final String EVENTS = "SELECT count(*) FROM webhook_event WHERE provider = 'withings'";

    @Inject
    AgroalDataSource dataSource;

    @Test
    @Order(1)
    void aNotificationFrom1970ToTheFarFutureStaysBoundedAndTheNextUserIsStillServed() throws Exception {
        link(FLOODED);
        link(OTHER);
        E2eSupport.awaitQuiet(dataSource);
        long lastJob = count("SELECT COALESCE(max(id), 0) FROM sync_job");

        given().contentType("application/x-www-form-urlencoded")
                .body("userid=" + external(FLOODED) + "&appli=1&startdate=0&enddate=999999999999")
                .post("/webhooks/withings/?token=test-callback-token")
                .then()
                .statusCode(202)
                .body("sync_tasks_queued", equalTo(1));
        // Another user's notification right behind it.
        long eventsBefore = count(EVENTS);
        record(OTHER, Map.of("type", "weight", "value", 77.7));
        E2eSupport.awaitRow(dataSource, EVENTS, eventsBefore);
        E2eSupport.awaitQuiet(dataSource);

        long made =
                count("SELECT count(*) FROM sync_job WHERE id > " + lastJob + " AND ehr_user_id = '" + FLOODED + "'");
        assertTrue(made >= 1 && made <= 2, "the clamped 7-day window is at most two chunks, made " + made);
        assertEquals(
                0,
                count("SELECT count(*) FROM sync_job WHERE id > " + lastJob + " AND (window_start < now()"
                        + " - interval '8 days' OR window_end > now() + interval '10 minutes')"));
        assertEquals(0, count("SELECT count(*) FROM sync_job WHERE status = 'dead'"));
        assertEquals(0, count("SELECT count(*) FROM webhook_event WHERE status IN ('received', 'quarantined')"));
        assertTrue(weights(OTHER).contains(new BigDecimal("77.7")), "the other user's weight arrived");
    }

    @Test
    @Order(2)
    void aHundredNotificationsOfOneUserWithinAnHourMakeAHandfulOfJobsAndEveryMeasureArrives() throws Exception {
        long lastJob = count("SELECT COALESCE(max(id), 0) FROM sync_job");
        // Hold the user's jobs back (a running job of the same serial key) so that every notification arrives
        // while the work is pending: what is measured is coalescing, not how fast the worker happens to be.
        long blocker = blockUser(FLOODED);
        Instant start = Instant.now().minus(Duration.ofMinutes(61));
        Set<BigDecimal> sent = new TreeSet<>();
        long eventsBefore = count(EVENTS);
        for (int i = 0; i < 100; i++) {
            BigDecimal value = new BigDecimal("50.0").add(new BigDecimal(i).movePointLeft(1));
            sent.add(value);
            record(
                    FLOODED,
                    Map.of(
                            "type",
                            "weight",
                            "value",
                            value.doubleValue(),
                            "timestamp",
                            start.plusSeconds(36L * i).getEpochSecond()));
        }
        E2eSupport.awaitRow(dataSource, EVENTS, eventsBefore + 99);
        awaitDispatched();
        execute("UPDATE sync_job SET status = 'succeeded', locked_by = NULL, locked_until = NULL, finished_at = now()"
                + " WHERE id = " + blocker);
        E2eSupport.awaitQuiet(dataSource);

        assertEquals(eventsBefore + 100, count(EVENTS), "a hundred distinct notifications");
        long made = count("SELECT count(*) FROM sync_job WHERE id > " + lastJob + " AND id <> " + blocker);
        assertTrue(made >= 1 && made <= 3, "a handful of jobs, made " + made);
        assertEquals(0, count("SELECT count(*) FROM sync_job WHERE status = 'dead'"));
        Set<BigDecimal> arrived = weights(FLOODED);
        Set<BigDecimal> lost = new TreeSet<>(sent);
        lost.removeAll(arrived);
        assertEquals(Set.of(), lost, "every measure arrived");
    }

    @Test
    @Order(3)
    void aRepeatedIdenticalNotificationAfterTheSyncFinishedFetchesTheCorrection() throws Exception {
        long eventsBefore = count(EVENTS);
        var recorded = record(FLOODED, Map.of("type", "weight", "value", 88.8));
        long grpid = recorded.getLong("measuregrp.grpid");
        E2eSupport.awaitRow(dataSource, EVENTS, eventsBefore);
        E2eSupport.awaitQuiet(dataSource);
        String key = "urn:ohe:withings:weight|" + external(FLOODED) + ":" + grpid + "-1";
        assertEquals(0, new BigDecimal("88.8").compareTo(value(FLOODED, key)));
        long rows = count(EVENTS);

        // The edit in the app: Withings notifies with the very same body (same user, appli and dates).
        var corrected = record(FLOODED, Map.of("type", "weight", "value", 88.1, "grpid", grpid));
        assertEquals(recorded.getString("notifications[0].body"), corrected.getString("notifications[0].body"));
        E2eSupport.awaitQuiet(dataSource);

        assertEquals(rows, count(EVENTS), "still one row for the notification");
        assertEquals(
                2,
                count("SELECT deliveries FROM webhook_event WHERE provider = 'withings' AND body = " + "convert_to('"
                        + recorded.getString("notifications[0].body") + "', 'UTF8')"));
        assertEquals(0, new BigDecimal("88.1").compareTo(value(FLOODED, key)), "the correction was fetched");
    }

    // ---- helpers

    private void link(String user) {
        String authorize = follow(given().auth()
                .oauth2(TestTokens.forUsers(user))
                .redirects()
                .follow(false)
                .get("/api/base/link/withings/?ehr_user_id=" + user));
        String callback = follow(
                given().urlEncodingEnabled(false).redirects().follow(false).get(authorize));
        given().urlEncodingEnabled(false)
                .redirects()
                .follow(false)
                .get(callback)
                .then()
                .statusCode(200)
                .body(containsString("linked"));
    }

    private static String external(String user) {
        return QuarkusTransaction.requiringNew()
                .call(() -> ProviderConnection.forUser("withings", user).orElseThrow())
                .externalUserId;
    }

    private static io.restassured.path.json.JsonPath record(String user, Map<String, Object> measurement) {
        return given().contentType("application/json")
                .body(measurement)
                .post("/sandbox/withings/users/" + external(user) + "/measurements")
                .then()
                .statusCode(200)
                .body("notifications[0].http_status", equalTo(202))
                .extract()
                .jsonPath();
    }

    /** A running job of the user's serial key: the user's other jobs wait behind it (see SyncJobQueue.claim). */
    private long blockUser(String user) throws SQLException {
        try (var c = dataSource.getConnection();
                var ps = c.prepareStatement("INSERT INTO sync_job (job_type,"
                        + " provider, ehr_user_id, status, max_attempts, locked_by, locked_until, serial_key)"
                        + " VALUES ('test.blocker', 'withings', ?, 'running', 1, 'test-blocker', now() + interval '1 hour', ?)"
                        + " RETURNING id")) {
            ps.setString(1, user);
            ps.setString(2, "ehr-user:" + user);
            try (var rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private void awaitDispatched() throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(300));
        while (count("SELECT count(*) FROM webhook_event WHERE status = 'received'") > 0) {
            assertTrue(Instant.now().isBefore(deadline), "notifications were never dispatched");
            Thread.sleep(50);
        }
    }

    private static Set<BigDecimal> weights(String user) {
        Set<BigDecimal> values = new TreeSet<>();
        E2eSupport.ehrResources(user).forEach((k, r) -> {
            if (k.startsWith("urn:ohe:withings:weight|") && r instanceof Observation o && o.hasValueQuantity()) {
                values.add(o.getValueQuantity().getValue().setScale(1, RoundingMode.HALF_UP));
            }
        });
        return values;
    }

    private static BigDecimal value(String user, String key) {
        var r = E2eSupport.ehrResources(user).get(key);
        assertTrue(r instanceof Observation, () -> "no Observation " + key);
        return ((Observation) r).getValueQuantity().getValue();
    }

    private long count(String sql) throws SQLException {
        return E2eSupport.count(dataSource, sql);
    }

    private void execute(String sql) throws SQLException {
        try (var c = dataSource.getConnection();
                var s = c.createStatement()) {
            s.executeUpdate(sql);
        }
    }
}
