package org.openhealthexchange.server.providers;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The registry is computed from whatever adapters CDI finds; here two test adapters exist. */
@QuarkusTest
@TestProfile(ProvidersIT.WithFakeAdapters.class)
class ProvidersIT {

    /** Builds the application with the two fake adapters of the test sources. */
    public static class WithFakeAdapters implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("ohe-test.fake-adapters", "true");
        }
    }

    @Test
    void theProvidersListShowsEveryDiscoveredAdapter() {
        given().get("/api/base/providers/").then().statusCode(200)
                .body("count", equalTo(2))
                .body("next", nullValue())
                .body("previous", nullValue())
                .body("results.provider_type", contains("acme", "clinicsys"))
                .body("results.name", contains("Acme Wearables", "Clinic System"))
                .body("results.active", contains(true, true))
                .body("results[0].id", equalTo(given().get("/api/base/providers/").path("results[0].id")));
    }

    @Test
    void theListIsPaginatedInDjangoRestFrameworksShape() {
        given().get("/api/base/providers/?page_size=1").then().statusCode(200)
                .body("count", equalTo(2))
                .body("results.provider_type", contains("acme"))
                .body("next", containsString("page=2"))
                .body("previous", nullValue());
        given().get("/api/base/providers/?page_size=1&page=2").then().statusCode(200)
                .body("results.provider_type", contains("clinicsys"))
                .body("next", nullValue())
                .body("previous", containsString("page=1"));
        given().get("/api/base/providers/?page=0").then().statusCode(400).body("error", equalTo("validation_error"));
        given().get("/api/base/providers/?page_size=1000").then().statusCode(400);
        given().get("/api/base/providers/?page=x").then().statusCode(400);
    }

    @Test
    void capabilitiesAreTheUnionOfTheAdapters() {
        given().get("/api/base/providers/capabilities/").then().statusCode(200)
                .body("supported_providers", contains("acme", "clinicsys"))
                .body("supported_data_types", contains("heart_rate", "steps", "weight", "appointment"))
                .body("webhook_endpoints.acme", equalTo("/webhooks/acme/"))
                .body("webhook_endpoints.clinicsys", nullValue())
                .body("sync_frequencies.weekly", equalTo("Weekly on Sundays at 06:00 UTC"));
    }
}
