package org.openhealthexchange.sandbox.faults;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openhealthexchange.sandbox.LocalUrls;

/** Random vendor faults over HTTP: switched on and off at run time, data calls only, each vendor's own shapes. */
@QuarkusTest
class SandboxFaultsIT {

    final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void off() {
        given().delete("/sandbox/faults").then().statusCode(200);
    }

    /** The reply's shape, or "drop" when the connection closed without one. */
    String call(HttpRequest.Builder request) throws InterruptedException {
        try {
            HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            String retryAfter = r.headers().firstValue("Retry-After").orElse("-");
            return r.statusCode() + " " + retryAfter + " " + r.body();
        } catch (IOException e) {
            return "drop";
        }
    }

    @Test
    void withEveryWithingsCallFaultedEachAnswerIsOneOfWithingsOwnFailures() throws Exception {
        given().contentType("application/json")
                .body(Map.of("rate", 0.0, "vendors", Map.of("withings", 1.0), "seed", 5, "reset_counters", true))
                .put("/sandbox/faults")
                .then()
                .statusCode(200)
                .body("vendors.withings", equalTo(1.0f))
                .body("vendors.fitbit", equalTo(0.0f));
        Set<String> shapes = new HashSet<>();
        for (int i = 0; i < 80; i++) {
            String r = call(HttpRequest.newBuilder(URI.create(LocalUrls.of("/sandbox/withings/measure")))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("action=getmeas&access_token=none")));
            String shape = r.equals("drop")
                    ? "drop"
                    : r.startsWith("200 - {\"status\":601,")
                            ? "601"
                            : r.startsWith("200 - {\"status\":522,")
                                    ? "522"
                                    : r.startsWith("429 1 ")
                                            ? "429"
                                            : r.matches("50[023] - <html>.*") ? r.substring(0, 3) : "unexpected: " + r;
            shapes.add(shape);
        }
        assertEquals(Set.of("601", "522", "429", "500", "502", "503", "drop"), shapes);
        // The token endpoint is never faulted: it answers Withings' own refusal of the missing parameters.
        String token = call(HttpRequest.newBuilder(URI.create(LocalUrls.of("/sandbox/withings/v2/oauth2")))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("action=requesttoken&grant_type=refresh_token")));
        assertTrue(token.startsWith("200 - {\"status\":") && !token.contains("601"), token);
        given().get("/sandbox/faults").then().statusCode(200).body("calls.withings", equalTo(80));
    }

    @Test
    void googleAndFitbitFaultsSpeakTheirVendorsFormatAndDeleteTurnsThemOff() throws Exception {
        given().contentType("application/json")
                .body(Map.of("vendors", Map.of("google-health", 1.0, "fitbit", 1.0)))
                .post("/sandbox/faults")
                .then()
                .statusCode(200);
        Set<String> google = new HashSet<>();
        Set<String> fitbit = new HashSet<>();
        for (int i = 0; i < 40; i++) {
            String g = call(HttpRequest.newBuilder(
                            URI.create(LocalUrls.of("/sandbox/google-health/v4/users/me/dataTypes/weight/dataPoints")))
                    .GET());
            google.add(
                    g.equals("drop")
                            ? "drop"
                            : g.startsWith("429 1 {\"error\":{\"code\":429,")
                                    ? "429"
                                    : g.startsWith("500 - {\"error\":{\"code\":500,")
                                            ? "500"
                                            : g.startsWith("503 - {\"error\":{\"code\":503,")
                                                    ? "503"
                                                    : g.startsWith("502 - <!DOCTYPE html>")
                                                            ? "502"
                                                            : "unexpected: " + g);
            String f = call(HttpRequest.newBuilder(URI.create(LocalUrls.of("/sandbox/fitbit/1/user/-/profile.json")))
                    .GET());
            fitbit.add(
                    f.equals("drop")
                            ? "drop"
                            : f.matches("(429 1|50[023] -) \\{\"errors\":\\[\\{\"errorType\":\"system\".*")
                                    ? f.substring(0, 3)
                                    : "unexpected: " + f);
        }
        assertEquals(Set.of("429", "500", "502", "503", "drop"), google);
        assertEquals(Set.of("429", "500", "502", "503", "drop"), fitbit);

        given().delete("/sandbox/faults").then().statusCode(200).body("vendors.google-health", equalTo(0.0f));
        String after = call(HttpRequest.newBuilder(
                        URI.create(LocalUrls.of("/sandbox/google-health/v4/users/me/dataTypes/weight/dataPoints")))
                .GET());
        assertTrue(after.startsWith("401 "), "the simulator itself answers again: " + after);
    }

    @Test
    void badSettingsAreRefused() {
        given().contentType("application/json")
                .body(Map.of("rate", 2))
                .put("/sandbox/faults")
                .then()
                .statusCode(400);
        given().contentType("application/json")
                .body(Map.of("vendors", Map.of("nope", 0.1)))
                .put("/sandbox/faults")
                .then()
                .statusCode(400);
        given().contentType("application/json")
                .body("[]")
                .put("/sandbox/faults")
                .then()
                .statusCode(400);
    }
}
