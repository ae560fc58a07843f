package org.openhealthexchange.sandbox.fitbit;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.openhealthexchange.sandbox.LocalUrls;

/** The legacy Fitbit simulator over HTTP: link with PKCE, data with rate-limit headers, verify and notify. */
@QuarkusTest
class FitbitSandboxIT {

    private static final String REDIRECT = "https://app.example/fitbit/callback";
    private static final String VERIFIER = "it-verifier-0123456789-0123456789-0123456789";

    @Test
    void linkFetchVerifyAndNotify() {
        given().post("/sandbox/fitbit/reset").then().statusCode(204);
        Response authorize = given().redirects()
                .follow(false)
                .queryParam("client_id", "sandbox-client")
                .queryParam("response_type", "code")
                .queryParam("scope", "activity heartrate")
                .queryParam("redirect_uri", REDIRECT)
                .queryParam("state", "st-9")
                .queryParam("code_challenge", FitbitTokens.s256(VERIFIER))
                .queryParam("code_challenge_method", "S256")
                .get("/sandbox/fitbit/oauth2/authorize");
        assertEquals(302, authorize.statusCode());
        String location = authorize.header("Location");
        assertTrue(location.startsWith(REDIRECT + "?code=") && location.endsWith("&state=st-9"), location);
        String code = location.substring(location.indexOf("code=") + 5, location.indexOf("&state"));

        String basic = "Basic "
                + Base64.getEncoder().encodeToString("sandbox-client:sandbox-secret".getBytes(StandardCharsets.UTF_8));
        Response token = given().header("Authorization", basic)
                .contentType(ContentType.URLENC)
                .formParam("grant_type", "authorization_code")
                .formParam("code", code)
                .formParam("redirect_uri", REDIRECT)
                .formParam("code_verifier", VERIFIER)
                .post("/sandbox/fitbit/oauth2/token");
        token.then().statusCode(200).body("expires_in", equalTo(28800)).body("user_id", notNullValue());
        String access = token.path("access_token");

        given().header("Authorization", "Bearer " + access)
                .get("/sandbox/fitbit/1/user/-/profile.json")
                .then()
                .statusCode(200)
                .body("user.timezone", equalTo("Europe/Berlin"))
                .header("Fitbit-Rate-Limit-Limit", "150")
                .header("Fitbit-Rate-Limit-Remaining", "149")
                .header("Fitbit-Rate-Limit-Reset", notNullValue());
        given().header("Authorization", "Bearer " + access)
                .get("/sandbox/fitbit/1.2/user/-/sleep/date/2025-03-01/2025-03-02.json")
                .then()
                .statusCode(200)
                .body("sleep.size()", equalTo(2));
        given().header("Authorization", "Bearer " + access)
                .get("/sandbox/fitbit/1/user/-/activities/heart/date/2025-03-01/1d/1min.json")
                .then()
                .statusCode(200)
                .body("'activities-heart-intraday'.datasetInterval", equalTo(1));
        given().header("Authorization", "Bearer nope")
                .get("/sandbox/fitbit/1/user/-/devices.json")
                .then()
                .statusCode(401)
                .body("errors[0].errorType", equalTo("invalid_token"));
        given().header("Authorization", "Bearer " + access)
                .header("X-Fitbit-Subscriber-Id", "1")
                .post("/sandbox/fitbit/1/user/-/apiSubscriptions/ohe.json")
                .then()
                .statusCode(201)
                .body("subscriptionId", equalTo("ohe"));

        given().contentType(ContentType.JSON)
                .body("{\"endpointUri\":\"" + LocalUrls.of("/test-fitbit-webhook") + "\"}")
                .post("/sandbox/fitbit/subscriber/verify")
                .then()
                .statusCode(200)
                .body("verified", equalTo(true));
        given().contentType(ContentType.JSON)
                .body("{\"collectionType\":\"body\",\"date\":\"2025-03-01\"}")
                .post("/sandbox/fitbit/users/SBX001/notify")
                .then()
                .statusCode(200)
                .body("status", equalTo(204));
        String sent = FitbitWebhookStub.SIGNED_BODIES.get(FitbitWebhookStub.SIGNED_BODIES.size() - 1);
        assertTrue(sent.endsWith("\"ownerId\":\"SBX001\",\"ownerType\":\"user\",\"subscriptionId\":\"ohe\"}]"), sent);
    }
}
