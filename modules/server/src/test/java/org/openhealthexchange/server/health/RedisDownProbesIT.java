package org.openhealthexchange.server.health;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openhealthexchange.server.openapi.OpenApiContract;

/** Redis pointed at a closed port: every probe that depends on it turns 503; the rest of the API keeps serving. */
@QuarkusTest
@TestProfile(RedisDownProbesIT.ClosedRedisPort.class)
class RedisDownProbesIT {

    /** Redis configured, but nothing listens there. */
    public static class ClosedRedisPort implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("ohe.coordination.backend", "redis", "quarkus.redis.hosts", "redis://127.0.0.1:1");
        }
    }

    @Test
    void healthIs503AndNamesTheFailingDependency() {
        given().get("/api/metrics/health/")
                .then()
                .statusCode(503)
                .body("status", equalTo("unhealthy"))
                .body("checks.database.status", equalTo("healthy"))
                .body("checks.redis.status", equalTo("unhealthy"))
                .body("checks.redis.error", notNullValue());
    }

    @Test
    void readinessIs503ButLivenessStays200() {
        given().get("/api/metrics/ready/")
                .then()
                .statusCode(503)
                .body("ready", equalTo(false))
                .body("checks.database", equalTo(true))
                .body("checks.redis", equalTo(false));
        given().get("/api/metrics/live/").then().statusCode(200);
        given().get("/q/health/ready").then().statusCode(503).body("status", equalTo("DOWN"));
        given().get("/q/health/live").then().statusCode(200);
    }

    @Test
    void theCallDocHealthIs503() {
        given().get("/health").then().statusCode(503).body("status", equalTo("unhealthy"));
    }

    /** The 503 answers are the ones /q/openapi documents (OpenApiContractIT covers the healthy ones). */
    @Test
    void theUnhealthyAnswersAreTheDocumentedOnes() {
        var contract = new OpenApiContract(given().get("/q/openapi?format=json").asString());
        List<String> violations = new ArrayList<>();
        for (String path : List.of("/api/metrics/health/", "/api/metrics/ready/", "/health", "/webhooks/health/")) {
            var r = given().get(path);
            assertEquals(503, r.statusCode(), path);
            violations.addAll(contract.check("GET", path, r.statusCode(), r.contentType(), r.asString()));
        }
        assertEquals(List.of(), violations);
    }

    @Test
    void rateLimitedEndpointsStillServeWhenTheBucketStoreIsDown() {
        given().get("/api/base/providers/").then().statusCode(200);
    }
}
