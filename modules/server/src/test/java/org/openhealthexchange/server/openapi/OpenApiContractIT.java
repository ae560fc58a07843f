package org.openhealthexchange.server.openapi;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.lang.reflect.Method;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openhealthexchange.server.auth.IntegratorApi;
import org.openhealthexchange.server.health.MetricsResource;
import org.openhealthexchange.server.health.ServiceHealthResource;
import org.openhealthexchange.server.jobs.JobsResource;
import org.openhealthexchange.server.linking.LinkResource;
import org.openhealthexchange.server.providers.ProvidersResource;
import org.openhealthexchange.server.sync.SyncResource;
import org.openhealthexchange.server.testing.FakeAdaptersProfile;
import org.openhealthexchange.server.testing.TestTokens;
import org.openhealthexchange.server.webhooks.WebhookResource;

/**
 * Holds {@code /q/openapi} to the real answers: for real requests against every typed operation (successes and
 * errors), the status must be documented for the operation, the content type listed, and the body valid against the
 * documented schema (closed schemas: no undocumented property). Also: every typed operation was exercised here, ids
 * are unique, the bearer scheme sits exactly on the integrator operations, and the examples fit their schemas.
 */
@QuarkusTest
@TestProfile(FakeAdaptersProfile.class)
class OpenApiContractIT {

    /** The resources whose bodies are typed; CallDoc's task API joins once it is typed in its provider module. */
    static final List<Class<?>> TYPED_RESOURCES = List.of(
            LinkResource.class,
            SyncResource.class,
            JobsResource.class,
            ProvidersResource.class,
            MetricsResource.class,
            ServiceHealthResource.class,
            WebhookResource.class);

    private static final ObjectMapper JSON = new ObjectMapper();
    private OpenApiContract contract;

    private final List<String> violations = new ArrayList<>();
    private final Set<String> exercised = new HashSet<>();

    @BeforeEach
    void readDocument() {
        contract = new OpenApiContract(given().accept("application/json")
                .get("/q/openapi?format=json")
                .then()
                .statusCode(200)
                .extract()
                .asString());
    }

    /** The operations this test covers: the CallDoc task API (provider-calldoc) has its own, CallDocOpenApiIT. */
    static boolean typed(String path) {
        return ApiContractFilter.UNTYPED_PATH_PREFIXES.stream().noneMatch(p -> (path + "/").startsWith(p))
                && !(path + "/").startsWith("/api/sync/");
    }

    @Test
    void realAnswersMatchTheDocument() {
        String user = "u-contract-1";
        String token = TestTokens.forUsers(user);
        String all = TestTokens.forUsers("*");

        // Providers (public)
        check(200, "GET", "/api/base/providers/", null, null);
        check(400, "GET", "/api/base/providers/?page=0", null, null);
        check(200, "GET", "/api/base/providers/capabilities/", null, null);
        checkSpec(406, "GET", "/api/base/providers/", given().accept("application/json; version=9"));

        // Linking
        check(401, "GET", "/api/base/link/acme/?ehr_user_id=" + user, null, null);
        check(403, "GET", "/api/base/link/acme/?ehr_user_id=someone-else", token, null);
        check(400, "GET", "/api/base/link/acme/", token, null);
        check(404, "GET", "/api/base/link/clinicsys/?ehr_user_id=" + user, token, null); // no linking
        check(200, "GET", "/api/base/link/acme/status/?ehr_user_id=" + user, token, null); // not linked yet
        Response started = check(302, "GET", "/api/base/link/acme/?ehr_user_id=" + user, token, null);
        check(400, "GET", "/api/base/link/acme/callback/?code=c1&state=forged", null, null); // envelope
        checkSpec(400, "GET", "/api/base/link/acme/callback/?code=c1&state=forged", given().accept("text/html"));
        check(200, "GET", "/api/base/link/acme/callback/?code=c1&state=" + state(started), null, null); // page
        Response linked = check(200, "GET", "/api/base/link/acme/status/?ehr_user_id=" + user, token, null);
        // The seed's field order, and no deactivated_reason on an active link.
        assertKeys(linked, "", "ehr_user_id", "provider", "linked", "links", "total_links");
        assertKeys(linked, "/links/0", "provider_name", "provider_type", "external_user_id", "active", "linked_at");

        // Sync
        assertKeys(
                check(200, "GET", "/api/base/sync/status/?ehr_user_id=" + user + "&provider=acme", token, null),
                "",
                "ehr_user_id",
                "provider",
                "status",
                "last_sync",
                "records_synced",
                "records_skipped",
                "errors",
                "skipped");
        assertKeys(
                check(200, "GET", "/api/base/sync/status/?ehr_user_id=" + user, token, null),
                "",
                "ehr_user_id",
                "providers");
        check(400, "GET", "/api/base/sync/status/?provider=nosuch", token, null);
        check(401, "GET", "/api/base/sync/status/?ehr_user_id=" + user, null, null);
        check(403, "GET", "/api/base/sync/status/?ehr_user_id=someone-else", token, null);
        check(200, "GET", "/api/base/sync/providers/?ehr_user_id=" + user, token, null);
        check(400, "GET", "/api/base/sync/providers/", token, null);
        String trigger = "/api/base/sync/trigger_device_sync/";
        assertKeys(
                check(200, "POST", trigger, token, "{\"ehr_user_id\":\"" + user + "\",\"provider\":\"acme\"}"),
                "",
                "message",
                "sync_id",
                "ehr_user_id",
                "provider",
                "devices_processed",
                "associations_created",
                "success",
                "errors");
        check(400, "POST", trigger, token, "{\"ehr_user_id\":\"" + user + "\"}");
        check(400, "POST", trigger, token, "{\"ehr_user_id\":"); // malformed_json
        check(404, "POST", trigger, all, "{\"ehr_user_id\":\"u-nolink\",\"provider\":\"acme\"}");
        String backfill = "{\"ehr_user_id\":\"" + user
                + "\",\"provider\":\"acme\",\"start\":\"2025-01-01\",\"end\":\"2025-01-03\"}";
        check(202, "POST", "/api/base/sync/backfill/", token, backfill);
        check(202, "POST", "/api/base/sync/backfill/", token, backfill); // nothing new
        check(
                400,
                "POST",
                "/api/base/sync/backfill/",
                token,
                "{\"ehr_user_id\":\"" + user + "\",\"provider\":\"acme\",\"start\":\"x\"}");

        // Jobs
        Response jobs = check(200, "GET", "/api/base/jobs/?ehr_user_id=" + user, token, null);
        check(403, "GET", "/api/base/jobs/", token, null); // needs the * grant
        check(400, "GET", "/api/base/jobs/?status=bogus", all, null);
        long jobId = jobs.jsonPath().getLong("results[0].id");
        check(200, "GET", "/api/base/jobs/" + jobId + "/", token, null);
        check(400, "GET", "/api/base/jobs/abc/", token, null);
        check(404, "GET", "/api/base/jobs/999999999/", all, null);
        check(404, "POST", "/api/base/jobs/999999999/retry/", all, null);
        check(401, "GET", "/api/base/jobs/", null, null);

        // Unlink, then the inactive link's status (with deactivated_reason)
        check(204, "DELETE", "/api/base/link/acme/?ehr_user_id=" + user, token, null);
        check(404, "DELETE", "/api/base/link/acme/?ehr_user_id=" + user, token, null);
        Response inactive = check(200, "GET", "/api/base/link/acme/status/?ehr_user_id=" + user, token, null);
        assertKeys(
                inactive,
                "/links/0",
                "provider_name",
                "provider_type",
                "external_user_id",
                "active",
                "linked_at",
                "deactivated_reason");

        // Probes (the test's database and Redis are up)
        check(200, "GET", "/api/metrics/health/", null, null);
        check(200, "GET", "/api/metrics/ready/", null, null);
        check(200, "GET", "/api/metrics/live/", null, null);
        check(200, "GET", "/api/metrics/metrics/", null, null);
        check(200, "GET", "/health", null, null);

        // Webhooks
        check(200, "GET", "/webhooks/health/", null, null);
        check(200, "GET", "/webhooks/metrics/", null, null);
        check(200, "HEAD", "/webhooks/withings/", null, null);
        check(200, "GET", "/webhooks/withings/?challenge=abc", null, null); // the challenge as text
        check(404, "GET", "/webhooks/fitbit/?verify=wrong", null, null);
        check(404, "GET", "/webhooks/nosuch/", null, null);
        String form = "application/x-www-form-urlencoded";
        checkSpec(
                202,
                "POST",
                "/webhooks/withings/?token=test-callback-token",
                given().contentType(form).body("userid=88801&appli=1&startdate=1700000000&enddate=1700000060"));
        checkSpec(
                401,
                "POST",
                "/webhooks/withings/?token=wrong",
                given().contentType(form).body("userid=1&appli=1"));
        checkSpec(
                400,
                "POST",
                "/webhooks/withings/?token=test-callback-token",
                given().contentType(form).body("appli=1"));
        check(404, "POST", "/webhooks/nosuch/", null, "{}");

        Set<String> missed = new TreeSet<>();
        for (var op : contract.operations()) {
            if (typed(op.path()) && !exercised.contains(op.id())) {
                missed.add(op.id());
            }
        }
        assertTrue(
                violations.isEmpty(), "Answers that the document does not describe:\n" + String.join("\n", violations));
        assertEquals(Set.of(), missed, "typed operations that no request here exercised");
    }

    @Test
    void operationIdsAreUniqueAndEveryTypedOperationDocumentsSuccessAndErrors() {
        Set<String> ids = new HashSet<>();
        for (var op : contract.operations()) {
            assertTrue(op.node().has("operationId"), op.method() + " " + op.path() + " has no operationId");
            assertTrue(ids.add(op.id()), "operationId " + op.id() + " twice");
            if (!typed(op.path())) {
                continue;
            }
            var responses = op.node().path("responses");
            boolean success = false;
            for (var it = responses.fieldNames(); it.hasNext(); ) {
                String status = it.next();
                success |= status.startsWith("2") || status.startsWith("3");
            }
            assertTrue(success, op.id() + " documents no 2xx/3xx");
            assertTrue(responses.has("400") && responses.has("500"), op.id() + " lacks the shared errors");
            if (isSecured(op)) {
                assertTrue(
                        responses.has("401") && responses.has("403")
                                || op.path().contains("/jobs/{id}"),
                        op.id() + ": a bearer operation documents 401 (and 403 where it takes an ehr_user_id)");
            }
        }
    }

    /** The bearer scheme sits on exactly the operations that IntegratorAuthFilter guards. */
    @Test
    void theBearerSchemeMarksExactlyTheIntegratorEndpoints() {
        JsonNode scheme = contract.document.at("/components/securitySchemes/" + IntegratorApi.SECURITY_SCHEME);
        assertEquals("http", scheme.path("type").asText());
        assertEquals("bearer", scheme.path("scheme").asText());
        for (Class<?> resource : TYPED_RESOURCES) {
            boolean classGuarded = resource.isAnnotationPresent(IntegratorApi.class);
            boolean classMarked = resource.isAnnotationPresent(SecurityRequirement.class);
            for (Method m : resource.getDeclaredMethods()) {
                if (!java.lang.reflect.Modifier.isPublic(m.getModifiers())
                        || m.getAnnotation(org.eclipse.microprofile.openapi.annotations.Operation.class) == null) {
                    continue;
                }
                boolean guarded = classGuarded || m.isAnnotationPresent(IntegratorApi.class);
                boolean marked = classMarked || m.isAnnotationPresent(SecurityRequirement.class);
                assertEquals(guarded, marked, resource.getSimpleName() + "." + m.getName());
                String id = m.getAnnotation(org.eclipse.microprofile.openapi.annotations.Operation.class)
                        .operationId();
                var op = contract.operations().stream()
                        .filter(o -> o.id().equals(id))
                        .findFirst()
                        .orElseThrow(() -> new AssertionError("no operation " + id));
                assertEquals(guarded, isSecured(op), id + " security in the document");
            }
        }
    }

    /**
     * The 429 every rate-limited operation documents is the body RateLimiter writes. The product's limits are too wide
     * to reach here, so a test-only endpoint under a rule of 3 per minute answers one.
     */
    @Test
    void aRateLimitedAnswerFitsTheDocumented429() throws Exception {
        Response limited = null;
        for (int i = 0; i < 10 && limited == null; i++) {
            Response r = given().get("/test-support/limited");
            limited = r.statusCode() == 429 ? r : null;
        }
        assertTrue(limited != null, "the test-tight rule never answered 429");
        var op = contract.operation("GET", "/api/base/sync/status/").orElseThrow();
        JsonNode schema = contract.response(op, 429).orElseThrow().at("/content/application~1json/schema");
        assertEquals(
                "#/components/schemas/RateLimitExceeded", schema.path("$ref").asText());
        assertEquals(List.of(), contract.validate(schema, JSON.readTree(limited.asString())), limited.asString());
    }

    @Test
    void everyExampleFitsItsSchema() {
        List<String> bad = new ArrayList<>();
        for (var op : contract.operations()) {
            List<JsonNode> contents = new ArrayList<>();
            op.node()
                    .path("responses")
                    .forEach(r -> contents.add(contract.resolve(r).path("content")));
            contents.add(op.node().path("requestBody").path("content"));
            for (JsonNode content : contents) {
                content.fields().forEachRemaining(media -> {
                    JsonNode schema = media.getValue().get("schema");
                    media.getValue().path("examples").fields().forEachRemaining(e -> {
                        if (schema != null && media.getKey().equals("application/json")) {
                            var errors = contract.validate(schema, e.getValue().path("value"));
                            errors.forEach(error -> bad.add(op.id() + " example " + e.getKey() + ": " + error));
                        }
                    });
                });
            }
        }
        assertTrue(bad.isEmpty(), String.join("\n", bad));
    }

    private boolean isSecured(OpenApiContract.Op op) {
        for (JsonNode requirement : op.node().path("security")) {
            if (requirement.has(IntegratorApi.SECURITY_SCHEME)) {
                return true;
            }
        }
        return false;
    }

    private Response check(int expected, String method, String path, String token, String jsonBody) {
        RequestSpecification spec = given().redirects().follow(false);
        if (token != null) {
            spec = spec.auth().oauth2(token);
        }
        if (jsonBody != null) {
            spec = spec.contentType("application/json").body(jsonBody);
        }
        return checkSpec(expected, method, path, spec);
    }

    /** Sends the request, checks its answer against the document, and records the operation as exercised. */
    private Response checkSpec(int expected, String method, String path, RequestSpecification spec) {
        Response response = spec.redirects().follow(false).request(method, path);
        String call = method + " " + path + " → " + response.statusCode();
        if (response.statusCode() != expected) {
            violations.add(call + ": expected " + expected + " (a case of this test), body " + response.asString());
        }
        var op = contract.operation(method, path);
        if (op.isEmpty()) {
            violations.add(call + ": no operation in the document");
            return response;
        }
        exercised.add(op.get().id());
        violations.addAll(
                contract.check(method, path, response.statusCode(), response.contentType(), response.asString()));
        return response;
    }

    /** The wire keeps its field order (clients written against the seed may read it positionally, e.g. in logs). */
    private static void assertKeys(Response response, String pointer, String... names) {
        try {
            List<String> actual = new ArrayList<>();
            JSON.readTree(response.asString()).at(pointer).fieldNames().forEachRemaining(actual::add);
            assertEquals(List.of(names), actual, response.asString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String state(Response started) {
        assertEquals(302, started.statusCode(), started.asString());
        for (String part : URI.create(started.header("Location")).getQuery().split("&")) {
            if (part.startsWith("state=")) {
                return part.substring(6);
            }
        }
        throw new AssertionError("no state in " + started.header("Location"));
    }
}
