package org.openhealthexchange.server.health;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.matchesPattern;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.openhealthexchange.server.testing.TestServices;

@QuarkusTest
class ProbesIT {

    @Test
    void healthReportsEachDependencyWithItsResponseTime() {
        given().get("/api/metrics/health/")
                .then()
                .statusCode(200)
                .body("status", equalTo("healthy"))
                .body("timestamp", instanceOf(Integer.class))
                .body("checks.database.status", equalTo("healthy"))
                .body("checks.database.response_time_ms", greaterThanOrEqualTo(0f))
                .body("checks.redis.status", equalTo("healthy"))
                .body("checks.redis.backend", equalTo(TestServices.redisReachable() ? "redis" : "in-process"))
                .body("checks.job_queue.status", equalTo("healthy"))
                .body("checks.job_queue.worker", equalTo("running"))
                .body("response_time_ms", greaterThanOrEqualTo(0f));
    }

    @Test
    void readinessAndLivenessInTheSeedsShapes() {
        given().get("/api/metrics/ready/")
                .then()
                .statusCode(200)
                .body("ready", equalTo(true))
                .body("checks.database", equalTo(true))
                .body("checks.redis", equalTo(true));
        given().get("/api/metrics/live/")
                .then()
                .statusCode(200)
                .body("alive", equalTo(true))
                .body("timestamp", instanceOf(Integer.class));
    }

    @Test
    void theCallDocHealthShape() {
        given().get("/health")
                .then()
                .statusCode(200)
                .body("status", equalTo("healthy"))
                .body("timestamp", matchesPattern("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{6}"))
                .body("active_syncs", greaterThanOrEqualTo(0));
    }

    @Test
    void prometheusMetricsCarryTheSeedsFamilies() {
        given().get("/api/base/providers/").then().statusCode(200);
        given().get("/api/metrics/metrics/")
                .then()
                .statusCode(200)
                .contentType(containsString("text/plain"))
                .body(containsString("# TYPE ohe_api_requests_total counter"))
                .body(containsString(
                        "ohe_api_requests_total{endpoint=\"api/base/providers\",method=\"GET\",status_code=\"200\",}"));
    }

    @Test
    void smallRyeHealthAndOpenApiAreServed() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/openapi?format=json")
                .then()
                .statusCode(200)
                .body(containsString("/api/base/providers"))
                .body(containsString("/api/metrics/health"));
    }

    @Test
    void theRegistryShowsTheDeployedAdapters() {
        given().get("/api/base/providers/")
                .then()
                .statusCode(200)
                .body("count", equalTo(3))
                .body("results[2].provider_type", equalTo("withings"))
                .body("results[2].name", equalTo("Withings"))
                .body("results[2].id", instanceOf(Integer.class))
                .body("results[1].provider_type", equalTo("fitbit"))
                .body("results[1].name", equalTo("Fitbit"))
                .body("results[0].provider_type", equalTo("calldoc"));
        given().get("/api/base/providers/capabilities/")
                .then()
                .statusCode(200)
                .body("supported_providers", org.hamcrest.Matchers.contains("calldoc", "fitbit", "withings"))
                .body("webhook_endpoints.fitbit", equalTo("/webhooks/fitbit/"))
                .body(
                        "supported_data_types",
                        org.hamcrest.Matchers.hasItems("weight", "blood_pressure", "heart_rate", "ecg"))
                .body("webhook_endpoints.withings", equalTo("/webhooks/withings/"))
                .body("sync_frequencies.daily", equalTo("Daily at 06:00 UTC"));
    }
}
