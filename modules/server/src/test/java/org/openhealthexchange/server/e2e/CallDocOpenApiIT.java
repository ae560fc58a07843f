package org.openhealthexchange.server.e2e;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code /q/openapi} describes the CallDoc task API as it answers: the four operations with their operationIds under
 * the tag "CallDoc tasks" and no security requirement (the API is public, as in the seed), and for every status a
 * real request below produces, a documented response whose schema has exactly the answer's snake_case properties
 * (the required ones present, nothing undocumented), down into {@code result}.
 */
@QuarkusTest
class CallDocOpenApiIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TAG = "CallDoc tasks";

    private JsonNode doc;

    @BeforeEach
    void readDocument() throws Exception {
        doc = JSON.readTree(given().get("/q/openapi?format=json")
                .then()
                .statusCode(200)
                .extract()
                .asString());
    }

    @AfterEach
    void resetSandbox() {
        given().post("/sandbox/calldoc/reset").then().statusCode(204);
    }

    private JsonNode operation(String path, String method) {
        JsonNode op = doc.path("paths").path(path).path(method);
        assertFalse(op.isMissingNode(), method + " " + path + " is not in /q/openapi");
        return op;
    }

    @Test
    void theFourOperationsAreDocumentedWithTheirIdsTagAndNoSecurity() {
        String[][] ops = {
            {"/api/sync", "post", "submitDaySync"},
            {"/api/sync/patient", "post", "submitPatientSync"},
            {"/api/sync/status/{task_id}", "get", "getSyncTaskStatus"},
            {"/api/sync/active", "get", "listActiveSyncTasks"}
        };
        for (String[] o : ops) {
            JsonNode op = operation(o[0], o[1]);
            assertEquals(o[2], op.path("operationId").asText(), o[0]);
            assertTrue(texts(op.path("tags")).contains(TAG), o[0] + " tags " + op.path("tags"));
            assertTrue(op.path("security").isMissingNode(), o[0] + " must name no security requirement");
            assertTrue(op.path("responses").has("500"), o[0] + " documents its 500");
        }
        assertTrue(doc.path("security").isMissingNode(), "no global security requirement");

        JsonNode patientBody = schemaOf(operation("/api/sync/patient", "post").path("requestBody"));
        assertEquals(
                List.of("piz", "date", "appointment_type_id", "webhook_url"), names(patientBody.path("properties")));
        assertEquals(Set.of("piz", "date"), Set.copyOf(texts(patientBody.path("required"))));
        JsonNode dayBody = schemaOf(operation("/api/sync", "post").path("requestBody"));
        assertEquals(List.of("date", "appointment_type_id", "webhook_url"), names(dayBody.path("properties")));
        assertFalse(
                operation("/api/sync/patient", "post")
                        .path("requestBody")
                        .path("content")
                        .path("application/json")
                        .path("examples")
                        .isEmpty(),
                "the seed's example body");
    }

    @Test
    void everyStatusTheApiAnswersIsDocumentedWithTheAnswersProperties() throws Exception {
        String patient = "/api/sync/patient";
        String day = "/api/sync";
        String status = "/api/sync/status/{task_id}";

        // 415 and 400 (with and without example), on both submits
        check(patient, "post", send(patient, "text/plain", "{}"), 415);
        check(day, "post", send(day, "text/plain", "{}"), 415);
        check(patient, "post", send(patient, "application/json", "{}"), 400);
        check(day, "post", send(day, "application/json", "{}"), 400);
        check(day, "post", send(day, "application/json", "{\"date\":\"06.10.2025\"}"), 400);

        // 202 and then 200 of a single patient's task, ended
        JsonNode accepted = check(
                patient,
                "post",
                send(patient, "application/json", "{\"piz\":\"1698369\",\"date\":\"2025-11-03\"}"),
                202);
        JsonNode ended = awaitEnd(accepted.path("task_id").asText());
        check(status, "get", ended, 200, "CallDocPatientTaskStatus");
        assertTrue(ended.path("result").isObject(), ended.toString());

        // 202, 409 and 200 (running or ended) of a full day
        given().body("{\"latency_ms\":1500,\"count\":-1}")
                .post("/sandbox/calldoc/faults")
                .then()
                .statusCode(204);
        JsonNode dayAccepted = check(day, "post", send(day, "application/json", "{\"date\":\"2025-11-04\"}"), 202);
        check(day, "post", send(day, "application/json", "{\"date\":\"2025-11-04\"}"), 409);
        check(patient, "post", send(patient, "application/json", "{\"piz\":\"1698369\",\"date\":\"2025-11-04\"}"), 202);
        check(patient, "post", send(patient, "application/json", "{\"piz\":\"1698369\",\"date\":\"2025-11-04\"}"), 409);
        check("/api/sync/active", "get", body(given().get("/api/sync/active")), 200);
        given().delete("/sandbox/calldoc/faults").then().statusCode(204);
        JsonNode dayEnded = awaitEnd(dayAccepted.path("task_id").asText());
        check(status, "get", dayEnded, 200, "CallDocDayTaskStatus");

        // 404, looked up and refused by shape
        check(status, "get", body(given().get("/api/sync/status/sync_2000-01-01_24_20000101000000")), 404);
        check(status, "get", body(given().get("/api/sync/status/not%20an%20id")), 404);
    }

    @Test
    void theCallDocSchemasUseSnakeCaseNames() {
        JsonNode schemas = doc.path("components").path("schemas");
        List<String> calldoc = new ArrayList<>();
        schemas.fieldNames().forEachRemaining(n -> {
            if (n.startsWith("CallDoc")) {
                calldoc.add(n);
            }
        });
        assertTrue(calldoc.size() >= 17, "CallDoc schemas: " + calldoc);
        for (String name : calldoc) {
            for (String property : names(schemas.path(name).path("properties"))) {
                assertTrue(property.matches("[a-z][a-z0-9_]*"), name + "." + property);
            }
        }
    }

    // ---- helpers

    private static Response send(String path, String contentType, String body) {
        return given().contentType(contentType).body(body).post(path);
    }

    private static JsonNode body(Response response) {
        try {
            JsonNode node = JSON.readTree(response.asString());
            ((com.fasterxml.jackson.databind.node.ObjectNode) node).put("__status", response.statusCode());
            return node;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private JsonNode check(String path, String method, Response response, int expected) {
        assertEquals(expected, response.statusCode(), response.asString());
        return check(path, method, body(response), expected);
    }

    private JsonNode check(String path, String method, JsonNode answer, int expected) {
        return check(path, method, answer, expected, null);
    }

    /**
     * The documented response for {@code expected} has a schema with exactly the answer's properties (and, with
     * {@code oneOf}, the alternative {@code variant}); {@code result} is checked against its own schema.
     */
    private JsonNode check(String path, String method, JsonNode answer, int expected, String variant) {
        JsonNode body = answer.deepCopy();
        if (body.has("__status")) {
            assertEquals(expected, body.path("__status").asInt());
            ((com.fasterxml.jackson.databind.node.ObjectNode) body).remove("__status");
        }
        JsonNode response = operation(path, method).path("responses").path(String.valueOf(expected));
        assertFalse(response.isMissingNode(), method + " " + path + " answered " + expected + " undocumented");
        JsonNode media = response.path("content").path("application/json");
        assertFalse(media.isMissingNode(), expected + " of " + path + " has no JSON body documented");
        JsonNode schema = media.path("schema");
        if (schema.has("oneOf")) {
            List<String> refs = new ArrayList<>();
            schema.path("oneOf").forEach(s -> refs.add(refName(s)));
            assertTrue(refs.contains(variant), "oneOf " + refs + " lacks " + variant);
            schema = component(variant);
        } else {
            schema = resolve(schema);
            if (variant != null) {
                assertEquals(variant, refName(media.path("schema")));
            }
        }
        matches(schema, body, method + " " + path + " " + expected);
        return body;
    }

    private void matches(JsonNode schema, JsonNode body, String where) {
        Set<String> documented = new LinkedHashSet<>(names(schema.path("properties")));
        Set<String> sent = new LinkedHashSet<>();
        body.fieldNames().forEachRemaining(sent::add);
        assertTrue(documented.containsAll(sent), where + ": sent " + sent + ", documented " + documented);
        assertTrue(
                sent.containsAll(texts(schema.path("required"))),
                where + ": sent " + sent + ", required " + schema.path("required"));
        if (body.path("result").isObject()) {
            JsonNode property = schema.path("properties").path("result");
            // documented in place (the stored document, typed by its record) or by reference
            JsonNode resultSchema = property.has("properties") ? property : component(findRef(property));
            matches(resultSchema, body.path("result"), where + " result");
        }
        if (body.path("tasks").isArray()) {
            JsonNode entry = component(findRef(schema.path("properties").path("tasks")));
            body.path("tasks").forEach(t -> matches(entry, t, where + " tasks[]"));
        }
    }

    private JsonNode schemaOf(JsonNode requestBody) {
        return resolve(requestBody.path("content").path("application/json").path("schema"));
    }

    private JsonNode resolve(JsonNode schema) {
        return schema.has("$ref") ? component(refName(schema)) : schema;
    }

    private JsonNode component(String name) {
        assertNotNull(name);
        JsonNode c = doc.path("components").path("schemas").path(name);
        assertFalse(c.isMissingNode(), "no schema " + name);
        return c;
    }

    private static String refName(JsonNode schema) {
        String ref = schema.path("$ref").asText(null);
        return ref == null ? null : ref.substring(ref.lastIndexOf('/') + 1);
    }

    /** The one $ref in a property's schema (it may be wrapped for nullability or be an array's items). */
    private static String findRef(JsonNode schema) {
        if (schema.has("$ref")) {
            return refName(schema);
        }
        for (JsonNode child : schema) {
            if (child.isContainerNode()) {
                String found = findRef(child);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(n -> texts.add(n.asText()));
        return texts;
    }

    /** Polls the status until the task ended; the deadline only bounds the wait. */
    private static JsonNode awaitEnd(String taskId) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        while (true) {
            Response r = given().get("/api/sync/status/" + taskId);
            assertEquals(200, r.statusCode(), r.asString());
            JsonNode status = body(r);
            String state = status.path("status").asText();
            if ("completed".equals(state) || "failed".equals(state)) {
                return status;
            }
            assertTrue(Instant.now().isBefore(deadline), "task " + taskId + " still " + state);
            Thread.sleep(50);
        }
    }
}
