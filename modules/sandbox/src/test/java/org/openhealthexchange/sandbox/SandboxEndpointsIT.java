package org.openhealthexchange.sandbox;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The HTTP wiring of both simulators in one Quarkus boot: Withings' paths, form bodies, redirects and envelopes
 * through Quarkus REST, and the HAPI servlet on Undertow beside it.
 */
@QuarkusTest
class SandboxEndpointsIT {

    private static final String REDIRECT = "https://app.example/callback?x=1";

    @Test
    void withingsLinkNotifyAndFetchOverHttp() {
        Response authorize = given().redirects()
                .follow(false)
                .queryParam("response_type", "code")
                .queryParam("client_id", "sandbox-client")
                .queryParam("state", "st-1")
                .queryParam("scope", "user.metrics,user.activity")
                .queryParam("redirect_uri", REDIRECT)
                .get("/sandbox/withings/oauth2_user/authorize2");
        assertEquals(302, authorize.statusCode());
        String location = authorize.header("Location");
        assertTrue(location.startsWith(REDIRECT + "&code="), location);
        assertTrue(location.endsWith("&state=st-1"), location);
        String code = query(location).get("code");

        Response token = given().contentType(ContentType.URLENC)
                .formParam("action", "requesttoken")
                .formParam("grant_type", "authorization_code")
                .formParam("client_id", "sandbox-client")
                .formParam("client_secret", "sandbox-secret")
                .formParam("code", code)
                .formParam("redirect_uri", REDIRECT)
                .post("/sandbox/withings/v2/oauth2");
        token.then()
                .statusCode(200)
                .body("status", equalTo(0))
                .body("body.expires_in", equalTo(10800))
                .body("body.token_type", equalTo("Bearer"))
                .body("body.scope", equalTo("user.metrics,user.activity"));
        String access = token.path("body.access_token");
        String userid = token.path("body.userid");

        given().contentType(ContentType.URLENC)
                .formParam("action", "requesttoken")
                .formParam("grant_type", "authorization_code")
                .formParam("client_id", "sandbox-client")
                .formParam("client_secret", "sandbox-secret")
                .formParam("code", code)
                .formParam("redirect_uri", REDIRECT)
                .post("/sandbox/withings/v2/oauth2")
                .then()
                .statusCode(200)
                .body("status", equalTo(503));

        given().header("Authorization", "Bearer " + access)
                .contentType(ContentType.URLENC)
                .formParam("action", "subscribe")
                .formParam("callbackurl", LocalUrls.of("/test-callback?secret=s3"))
                .formParam("appli", 1)
                .post("/sandbox/withings/notify")
                .then()
                .statusCode(200)
                .body("status", equalTo(0));
        assertTrue(CallbackRecorder.HEADS.size() >= 1, "the subscribe sent a HEAD to the callback");

        given().contentType(ContentType.JSON)
                .body("{\"type\":\"weight\",\"value\":72.4}")
                .post("/sandbox/withings/users/" + userid + "/measurements")
                .then()
                .statusCode(200)
                .body("appli", equalTo(1))
                .body("measuregrp.measures[0].value", equalTo(72400))
                .body("notifications[0].http_status", equalTo(202));
        assertTrue(
                CallbackRecorder.POSTS.stream().anyMatch(b -> b.startsWith("userid=" + userid + "&appli=1&startdate=")),
                CallbackRecorder.POSTS.toString());

        given().queryParam("action", "getmeas")
                .queryParam("meastype", 1)
                .queryParam("access_token", access)
                .get("/sandbox/withings/measure")
                .then()
                .statusCode(200)
                .body("status", equalTo(0))
                .body("body.measuregrps.measures.flatten().value", hasItem(72400));

        given().header("Authorization", "Bearer not-a-token")
                .contentType(ContentType.URLENC)
                .formParam("action", "getdevice")
                .post("/sandbox/withings/v2/user")
                .then()
                .statusCode(200)
                .body("status", equalTo(401));

        given().contentType(ContentType.JSON)
                .body("{\"status\":601,\"count\":1}")
                .post("/sandbox/withings/faults")
                .then()
                .statusCode(200)
                .body("data.status", equalTo(601));
        given().header("Authorization", "Bearer " + access)
                .formParam("action", "getdevice")
                .post("/sandbox/withings/v2/user")
                .then()
                .body("status", equalTo(601));
        given().header("Authorization", "Bearer " + access)
                .formParam("action", "getdevice")
                .post("/sandbox/withings/v2/user")
                .then()
                .body("status", equalTo(0))
                .body("body.devices.size()", equalTo(3));
    }

    @Test
    void fhirServerAnswersBesideQuarkusRest() {
        given().accept("application/fhir+json")
                .get("/sandbox/fhir/metadata")
                .then()
                .statusCode(200)
                .body("resourceType", equalTo("CapabilityStatement"));

        String patient = "{\"resourceType\":\"Patient\",\"identifier\":[{\"system\":\"urn:ehr\",\"value\":\"it-1\"}]}";
        Response created = given().contentType("application/fhir+json")
                .header("If-None-Exist", "identifier=urn:ehr|it-1")
                .body(patient)
                .post("/sandbox/fhir/Patient");
        assertEquals(201, created.statusCode());
        assertTrue(created.header("Location").contains("/sandbox/fhir/Patient/"), created.header("Location"));
        String id = created.path("id");
        given().contentType("application/fhir+json")
                .header("If-None-Exist", "identifier=urn:ehr|it-1")
                .body(patient)
                .post("/sandbox/fhir/Patient")
                .then()
                .statusCode(200);

        String transaction =
                """
                {"resourceType":"Bundle","type":"transaction","entry":[
                 {"resource":{"resourceType":"Observation","status":"final",
                   "identifier":[{"system":"urn:withings","value":"obs-it-1"}],
                   "code":{"coding":[{"system":"http://loinc.org","code":"29463-7"}]},
                   "subject":{"reference":"Patient?identifier=urn:ehr|it-1"},
                   "effectiveDateTime":"2026-01-02T07:30:00Z",
                   "valueQuantity":{"value":72.4,"unit":"kg","system":"http://unitsofmeasure.org","code":"kg"}},
                  "request":{"method":"POST","url":"Observation","ifNoneExist":"identifier=urn:withings|obs-it-1"}}]}""";
        given().contentType("application/fhir+json")
                .body(transaction)
                .post("/sandbox/fhir")
                .then()
                .statusCode(200)
                .body("type", equalTo("transaction-response"))
                .body("entry[0].response.status", startsWith("201"));
        given().contentType("application/fhir+json")
                .body(transaction)
                .post("/sandbox/fhir")
                .then()
                .statusCode(200)
                .body("entry[0].response.status", startsWith("200"));

        given().accept("application/fhir+json")
                .queryParam("subject", "Patient/" + id)
                .queryParam("code", "http://loinc.org|29463-7")
                .queryParam("date", "ge2026-01-02")
                .queryParam("date", "le2026-01-02")
                .get("/sandbox/fhir/Observation")
                .then()
                .statusCode(200)
                .body("total", equalTo(1))
                .body("entry[0].resource.subject.reference", equalTo("Patient/" + id));

        String invalid = transaction.replace("\"status\":\"final\",", "").replace("obs-it-1", "obs-it-2");
        given().contentType("application/fhir+json")
                .body(invalid)
                .post("/sandbox/fhir")
                .then()
                .statusCode(422)
                .body("resourceType", equalTo("OperationOutcome"))
                .body("issue[0].diagnostics", containsString("Observation.status"));
        given().accept("application/fhir+json")
                .queryParam("identifier", "urn:withings|obs-it-2")
                .get("/sandbox/fhir/Observation")
                .then()
                .statusCode(200)
                .body("total", equalTo(0));

        given().accept("application/fhir+json")
                .queryParam("nonsense", "1")
                .get("/sandbox/fhir/Observation")
                .then()
                .statusCode(400);
        given().accept("application/fhir+json")
                .get("/sandbox/fhir/Patient/" + id)
                .then()
                .statusCode(200)
                .body("identifier[0].value", equalTo("it-1"));
        given().accept("application/fhir+json")
                .get("/sandbox/fhir/Patient/99999")
                .then()
                .statusCode(404);
        given().get("/sandbox/fhir/Observation?_count=1&subject=Patient/" + id)
                .then()
                .statusCode(200)
                .body("entry.size()", greaterThan(0));
    }

    private static Map<String, String> query(String url) {
        Map<String, String> params = new HashMap<>();
        for (String pair : URI.create(url).getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            params.put(
                    pair.substring(0, eq),
                    java.net.URLDecoder.decode(pair.substring(eq + 1), java.nio.charset.StandardCharsets.UTF_8));
        }
        return params;
    }

    @Test
    void unknownPathsStillReachTheApplicationsOwnNotFoundRoute() {
        given().get("/no-such-path").then().statusCode(404).body(equalTo("application-404"));
        given().get("/sandbox/nothing-here").then().statusCode(404).body(equalTo("application-404"));
    }
}
