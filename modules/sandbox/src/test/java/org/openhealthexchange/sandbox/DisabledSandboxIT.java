package org.openhealthexchange.sandbox;

import static io.restassured.RestAssured.given;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** With {@code ohe.sandbox.enabled=false} (prod) every simulator path is 404, the REST ones and the servlet alike. */
@QuarkusTest
@TestProfile(DisabledSandboxIT.Disabled.class)
class DisabledSandboxIT {

    public static class Disabled implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("ohe.sandbox.enabled", "false");
        }
    }

    @Test
    void everySandboxPathIsNotFound() {
        given().redirects()
                .follow(false)
                .queryParam("response_type", "code")
                .queryParam("client_id", "sandbox-client")
                .queryParam("state", "s")
                .queryParam("scope", "user.metrics")
                .queryParam("redirect_uri", "https://app.example/cb")
                .get("/sandbox/withings/oauth2_user/authorize2")
                .then()
                .statusCode(404);
        given().formParam("action", "getmeas")
                .post("/sandbox/withings/measure")
                .then()
                .statusCode(404);
        given().contentType("application/json")
                .body("{\"status\":601}")
                .post("/sandbox/withings/faults")
                .then()
                .statusCode(404);
        given().get("/sandbox/fhir/metadata").then().statusCode(404);
        given().contentType("application/fhir+json")
                .body("{\"resourceType\":\"Patient\"}")
                .post("/sandbox/fhir/Patient")
                .then()
                .statusCode(404);
    }
}
