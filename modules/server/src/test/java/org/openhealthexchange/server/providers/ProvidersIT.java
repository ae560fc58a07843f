package org.openhealthexchange.server.providers;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;
import org.openhealthexchange.server.testing.FakeAdaptersProfile;

/** The registry is computed from whatever adapters CDI finds: Withings, Fitbit, CallDoc and two test adapters. */
@QuarkusTest
@TestProfile(FakeAdaptersProfile.class)
class ProvidersIT {

    @Test
    void theProvidersListShowsEveryDiscoveredAdapter() {
        given().get("/api/base/providers/")
                .then()
                .statusCode(200)
                .body("count", equalTo(5))
                .body("next", nullValue())
                .body("previous", nullValue())
                .body("results.provider_type", contains("acme", "calldoc", "clinicsys", "fitbit", "withings"))
                .body("results.name", contains("Acme Wearables", "CallDoc", "Clinic System", "Fitbit", "Withings"))
                .body("results.active", contains(true, true, true, true, true))
                .body(
                        "results[0].id",
                        equalTo(given().get("/api/base/providers/").path("results[0].id")));
    }

    @Test
    void theListIsPaginatedInDjangoRestFrameworksShape() {
        given().get("/api/base/providers/?page_size=2")
                .then()
                .statusCode(200)
                .body("count", equalTo(5))
                .body("results.provider_type", contains("acme", "calldoc"))
                .body("next", containsString("page=2"))
                .body("previous", nullValue());
        given().get("/api/base/providers/?page_size=2&page=2")
                .then()
                .statusCode(200)
                .body("results.provider_type", contains("clinicsys", "fitbit"))
                .body("next", containsString("page=3"))
                .body("previous", containsString("page=1"));
        given().get("/api/base/providers/?page_size=2&page=3")
                .then()
                .statusCode(200)
                .body("results.provider_type", contains("withings"))
                .body("next", nullValue());
        given().get("/api/base/providers/?page=0").then().statusCode(400).body("error", equalTo("validation_error"));
        given().get("/api/base/providers/?page_size=1000").then().statusCode(400);
        given().get("/api/base/providers/?page=x").then().statusCode(400);
    }

    @Test
    void capabilitiesAreTheUnionOfTheAdapters() {
        given().get("/api/base/providers/capabilities/")
                .then()
                .statusCode(200)
                .body("supported_providers", contains("acme", "calldoc", "clinicsys", "fitbit", "withings"))
                .body(
                        "supported_data_types",
                        hasItems(
                                "heart_rate",
                                "steps",
                                "weight",
                                "appointment",
                                "ecg",
                                "oxygen_saturation",
                                "heart_rate_variability",
                                "sleep"))
                .body("webhook_endpoints.withings", equalTo("/webhooks/withings/"))
                .body("webhook_endpoints.fitbit", equalTo("/webhooks/fitbit/"))
                .body("webhook_endpoints.acme", equalTo("/webhooks/acme/"))
                .body("webhook_endpoints.clinicsys", nullValue())
                .body("webhook_endpoints.calldoc", nullValue())
                .body("sync_frequencies.weekly", equalTo("Weekly on Sundays at 06:00 UTC"));
    }
}
