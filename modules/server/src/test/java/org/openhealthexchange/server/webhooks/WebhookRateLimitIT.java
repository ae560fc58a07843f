package org.openhealthexchange.server.webhooks;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.util.Map;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Forged webhook calls cannot spend the budget of genuine notifications: only an authenticated notification takes
 * a token from the provider's bucket; failed verifications take from the caller's IP bucket and beyond it get 429
 * in the envelope. Its own boot: a tight IP limit, and hour-long windows so that refills during the test are
 * negligible (all calls come from loopback).
 */
@QuarkusTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@TestProfile(WebhookRateLimitIT.TightUnauthenticatedLimit.class)
class WebhookRateLimitIT {

    static final int IP_LIMIT = 100;
    static final int FORGED = 1000;

    public static class TightUnauthenticatedLimit implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "ohe.rate-limit.rules.webhook-unauthenticated.limit", Integer.toString(IP_LIMIT),
                    "ohe.rate-limit.rules.webhook-unauthenticated.window", "PT1H",
                    "ohe.rate-limit.rules.webhook.limit", "1000",
                    "ohe.rate-limit.rules.webhook.window", "PT1H");
        }
    }

    @Test
    @Order(1)
    void forgedCallsLeaveTheProviderBudgetIntactAndAreLimitedPerIp() {
        int before = remaining(genuine(1));

        int rejected = 0;
        int limited = 0;
        Response firstLimited = null;
        for (int i = 0; i < FORGED; i++) {
            Response r = given().contentType("application/x-www-form-urlencoded")
                    .body("userid=777001&appli=1&startdate=1700000000&enddate=1700000060")
                    .post("/webhooks/withings/?token=wrong-" + i);
            if (r.statusCode() == 401) {
                rejected++;
                assertEquals("invalid_signature", r.path("error"));
            } else {
                assertEquals(429, r.statusCode(), r.asString());
                limited++;
                if (firstLimited == null) {
                    firstLimited = r;
                }
            }
        }
        // The IP bucket held IP_LIMIT tokens (an hour-long window refills next to nothing meanwhile).
        assertTrue(rejected >= IP_LIMIT && rejected <= IP_LIMIT + 5, "401s: " + rejected);
        assertEquals(FORGED, rejected + limited);
        assertNotNull(firstLimited);
        assertEquals("rate_limit_exceeded", firstLimited.path("error"));
        assertEquals("Rate limit exceeded", firstLimited.path("message"));
        assertEquals(Integer.valueOf(IP_LIMIT), firstLimited.path("details.limit"));
        assertNotNull(firstLimited.path("timestamp"));
        assertNotNull(firstLimited.path("request_id"));
        assertNotNull(firstLimited.header("Retry-After"));

        // A genuine notification afterwards is accepted and took exactly one token: the forged ones took none.
        int after = remaining(genuine(2));
        assertTrue(after >= before - 1, "provider bucket before " + before + ", after " + after);
    }

    /** Runs after the forged flood emptied the loopback IP bucket. */
    @Test
    @Order(2)
    void handshakesAndUnknownProvidersCountAgainstTheIpBucketNotTheProviders() {
        int before = remaining(genuine(3));
        given().get("/webhooks/withings/?challenge=abc")
                .then()
                .statusCode(429)
                .body("error", org.hamcrest.Matchers.equalTo("rate_limit_exceeded"));
        given().head("/webhooks/withings/").then().statusCode(429);
        given().post("/webhooks/nosuch/")
                .then()
                .statusCode(429)
                .body("error", org.hamcrest.Matchers.equalTo("rate_limit_exceeded"));
        assertTrue(remaining(genuine(4)) >= before - 1);
    }

    private static Response genuine(int n) {
        Response r = given().contentType("application/x-www-form-urlencoded")
                .body("userid=7770" + n + "&appli=1&startdate=1700000000&enddate=1700000060")
                .post("/webhooks/withings/?token=test-callback-token");
        assertEquals(202, r.statusCode(), r.asString());
        assertEquals("1000", r.header("X-RateLimit-Limit"));
        return r;
    }

    private static int remaining(Response r) {
        return Integer.parseInt(r.header("X-RateLimit-Remaining"));
    }
}
