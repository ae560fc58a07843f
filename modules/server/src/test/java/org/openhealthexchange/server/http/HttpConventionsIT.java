package org.openhealthexchange.server.http;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;

@QuarkusTest
class HttpConventionsIT {

    private static ValidatableResponse assertEnvelope(ValidatableResponse r, int status, String error) {
        return r.statusCode(status)
                .contentType(containsString("application/json"))
                .body("error", equalTo(error))
                .body("message", notNullValue())
                .body("$", hasKey("details"))
                .body("timestamp", matchesPattern("\\d{4}-\\d{2}-\\d{2}T.*Z"))
                .body("request_id", notNullValue());
    }

    @Test
    void aClientRequestIdIsEchoedAndOneIsGeneratedOtherwise() {
        given().header("X-Request-ID", "abc-123")
                .get("/api/metrics/live/")
                .then()
                .statusCode(200)
                .header("X-Request-ID", "abc-123");
        given().get("/api/metrics/live/")
                .then()
                .statusCode(200)
                .header("X-Request-ID", matchesPattern("req-[0-9a-f-]{36}"));
    }

    @Test
    void anInvalidRequestIdIsRefused() {
        String tooLong = "x".repeat(129);
        assertEnvelope(
                        given().header("X-Request-ID", tooLong)
                                .get("/api/metrics/live/")
                                .then(),
                        400,
                        "invalid_request_id")
                .header("X-Request-ID", not(equalTo(tooLong)));
        assertEnvelope(
                given().header("X-Request-ID", "tab\there")
                        .get("/api/metrics/live/")
                        .then(),
                400,
                "invalid_request_id");
        given().header("X-Request-ID", "x".repeat(128))
                .get("/api/metrics/live/")
                .then()
                .statusCode(200);
    }

    @Test
    void unknownRoutesAnswer404InTheEnvelopeWithTheRequestId() {
        assertEnvelope(
                        given().header("X-Request-ID", "r-404")
                                .get("/api/base/does-not-exist/")
                                .then(),
                        404,
                        "not_found")
                .body("request_id", equalTo("r-404"))
                .header("X-Request-ID", "r-404");
        assertEnvelope(given().get("/totally/elsewhere").then(), 404, "not_found");
    }

    @Test
    void wrongMethodsAnswer405InTheEnvelope() {
        assertEnvelope(given().delete("/api/base/providers/").then(), 405, "method_not_allowed");
    }

    @Test
    void malformedJsonAnswers400AndWrongShapesToo() {
        assertEnvelope(
                given().contentType("application/json")
                        .body("{\"name\": ")
                        .post("/test-support/echo")
                        .then(),
                400,
                "malformed_json");
        assertEnvelope(
                given().contentType("application/json")
                        .body("{\"name\":\"a\",\"count\":\"many\"}")
                        .post("/test-support/echo")
                        .then(),
                400,
                "malformed_json");
        given().contentType("application/json")
                .body("{\"name\":\"a\",\"count\":2}")
                .post("/test-support/echo")
                .then()
                .statusCode(200)
                .body("count", equalTo(2));
    }

    @Test
    void oversizeBodiesAnswer413WhetherAnnouncedOrStreamed() throws Exception {
        String big = "{\"name\":\"" + "a".repeat(1_100_000) + "\",\"count\":1}";
        assertEnvelope(
                given().contentType("application/json")
                        .body(big)
                        .post("/test-support/echo")
                        .then(),
                413,
                "payload_too_large");

        // Without Content-Length (chunked), Vert.x enforces the same limit while the body streams in and cuts the
        // connection: the client sees 413 or a closed connection, and the body is never processed.
        var client = java.net.http.HttpClient.newHttpClient();
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(io.restassured.RestAssured.baseURI + ":"
                        + io.restassured.RestAssured.port + "/test-support/echo"))
                .header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofInputStream(
                        () -> new java.io.ByteArrayInputStream(big.getBytes(java.nio.charset.StandardCharsets.UTF_8))))
                .build();
        try {
            var response = client.send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(413, response.statusCode(), response.body());
        } catch (java.io.IOException cutOff) {
            // the server closed the connection mid-upload: refused
        }
    }

    @Test
    void unexpectedExceptionsAnswer500WithoutDetailsAndAreLoggedWithTheRequestId() {
        List<LogRecord> records = new CopyOnWriteArrayList<>();
        List<String> requestIds = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                records.add(record);
                if (record instanceof ExtLogRecord ext && ext.getMdc(RequestIds.KEY) != null) {
                    requestIds.add(ext.getMdc(RequestIds.KEY));
                }
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        var root = java.util.logging.Logger.getLogger("");
        root.addHandler(capture);
        try {
            String body = assertEnvelope(
                            given().header("X-Request-ID", "trace-500")
                                    .get("/test-support/boom")
                                    .then(),
                            500,
                            "internal_error")
                    .extract()
                    .asString();
            assertTrue(
                    !body.contains("Erika") && !body.contains("IllegalStateException") && !body.contains("at org."),
                    body);
        } finally {
            root.removeHandler(capture);
        }
        assertTrue(requestIds.contains("trace-500"), () -> "log records carried request ids " + requestIds);
        var formatter = new java.util.logging.SimpleFormatter();
        assertTrue(
                records.stream().map(formatter::format).noneMatch(line -> line.contains("Erika")),
                "an exception message with patient data reached the log");
    }

    @Test
    void theApiVersionIsNegotiatedByTheAcceptHeader() {
        given().accept("application/json; version=1")
                .get("/api/base/providers/")
                .then()
                .statusCode(200);
        given().accept("application/json").get("/api/base/providers/").then().statusCode(200);
        assertEnvelope(
                        given().accept("application/json; version=2")
                                .get("/api/base/providers/")
                                .then(),
                        406,
                        "not_acceptable")
                .body("details.supported_versions", everyItem(equalTo(1)));
        assertEnvelope(
                given().accept("application/json; version=abc")
                        .get("/api/metrics/live/")
                        .then(),
                406,
                "not_acceptable");
    }

    @Test
    void pathsWorkWithAndWithoutTheTrailingSlash() {
        given().get("/api/metrics/live").then().statusCode(200);
        given().get("/api/metrics/live/").then().statusCode(200);
        given().get("/api/base/providers/capabilities").then().statusCode(200);
        given().get("/api/base/providers/capabilities/").then().statusCode(200);
    }

    @Test
    void rateLimitedEndpointsCarryHeadersAndAnswer429BeyondTheLimit() {
        for (int remaining = 2; remaining >= 0; remaining--) {
            given().get("/test-support/limited")
                    .then()
                    .statusCode(200)
                    .header("X-RateLimit-Limit", "3")
                    .header("X-RateLimit-Remaining", Integer.toString(remaining))
                    .header("X-RateLimit-Reset", matchesPattern("\\d{10}"));
        }
        var refused = assertEnvelope(given().get("/test-support/limited").then(), 429, "rate_limit_exceeded")
                .header("Retry-After", matchesPattern("\\d+"))
                .header("X-RateLimit-Remaining", "0")
                .body("limit", equalTo(3))
                .body("window_seconds", equalTo(60))
                .body("details.limit", equalTo(3))
                .extract();
        long retryAfter = Long.parseLong(refused.header("Retry-After"));
        assertTrue(retryAfter >= 1 && retryAfter <= 60, "Retry-After " + retryAfter);
        assertEquals((int) retryAfter, (Integer) refused.path("retry_after"));
    }

    @Test
    void nulInAQueryParameterIs400BeforeAnyQuery() {
        // Issue 10: the jobs and OAuth callback endpoints answered 500 (PostgreSQL refuses NUL in text).
        String token = org.openhealthexchange.server.testing.TestTokens.forUsers("*");
        assertEnvelope(
                        given().urlEncodingEnabled(false)
                                .header("Authorization", "Bearer " + token)
                                .get("/api/base/jobs/?ehr_user_id=a%00b")
                                .then(),
                        400,
                        "validation_error")
                .body("details.ehr_user_id", notNullValue());
        assertEnvelope(
                given().urlEncodingEnabled(false)
                        .get("/api/base/link/withings/callback/?code=c&state=s%00t")
                        .then(),
                400,
                "validation_error");
        assertEnvelope(
                given().urlEncodingEnabled(false)
                        .header("Authorization", "Bearer " + token)
                        .get("/api/base/jobs/?ehr_user_id=" + "u".repeat(129))
                        .then(),
                400,
                "validation_error");
    }

    @Test
    void anOverlongWebhookUrlIsTheSeeds400NotA500() {
        String url = "http://localhost:" + io.restassured.RestAssured.port + "/" + "w".repeat(2049);
        given().contentType("application/json")
                .body("{\"piz\":\"1698369\",\"date\":\"2025-10-06\",\"webhook_url\":\"" + url + "\"}")
                .post("/api/sync/patient")
                .then()
                .statusCode(400)
                .body("error", equalTo("Invalid webhook_url. At most 2048 characters"));
    }

    @Test
    void overlongUrisAndHeadersAnswer414And431InTheEnvelope() {
        assertEnvelope(
                        given().header("X-Request-ID", "r-414")
                                .get("/api/metrics/live/?pad=" + "a".repeat(9000))
                                .then(),
                        414,
                        "uri_too_long")
                .body("request_id", equalTo("r-414"));
        assertEnvelope(
                given().header("X-Pad", "h".repeat(17_000))
                        .get("/api/metrics/live/")
                        .then(),
                431,
                "header_fields_too_large");
    }

    @Test
    void echoedInputIsCutShort() {
        String token = org.openhealthexchange.server.testing.TestTokens.forUsers("*");
        String body = assertEnvelope(
                        given().header("Authorization", "Bearer " + token)
                                .contentType("application/json")
                                .body("{\"ehr_user_id\":\"u\",\"provider\":\"" + "p".repeat(100_000) + "\"}")
                                .post("/api/base/sync/backfill/")
                                .then(),
                        400,
                        "validation_error")
                .extract()
                .asString();
        assertTrue(body.length() < 1_000, "an error body of " + body.length() + " characters");
        assertTrue(body.contains("p".repeat(InputRules.QUOTE_LENGTH) + "…"), body);
        String status = assertEnvelope(
                        given().header("Authorization", "Bearer " + token)
                                .get("/api/base/jobs/?status=" + "s".repeat(16))
                                .then(),
                        400,
                        "validation_error")
                .extract()
                .asString();
        assertTrue(status.length() < 1_000, status);
    }
}
