package org.openhealthexchange.server.openapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The schema checker of OpenApiContractIT finds what it must: a checker that never complains proves nothing. */
class OpenApiContractTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String DOCUMENT =
            """
            {"openapi": "3.1.0",
             "paths": {"/a/{id}": {"get": {"operationId": "getA", "responses": {"200": {"$ref": "#/components/responses/Ok"}}}},
                       "/a/literal": {"get": {"operationId": "getLiteral", "responses": {}}}},
             "components": {
               "responses": {"Ok": {"description": "ok",
                                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/A"}}}}},
               "schemas": {"A": {"type": "object", "required": ["id", "when"], "additionalProperties": false,
                                 "properties": {"id": {"type": "integer"},
                                                "when": {"type": ["string", "null"], "format": "date-time"},
                                                "kind": {"type": "string", "enum": ["x", "y"]},
                                                "tags": {"type": "array", "items": {"type": "string"}},
                                                "extra": {"type": "object", "additionalProperties": {"type": "number"}}}}}}}""";

    private final OpenApiContract contract = new OpenApiContract(DOCUMENT);

    private List<String> check(String body) throws Exception {
        JsonNode schema = contract.response(contract.operation("GET", "/a/7/").orElseThrow(), 200)
                .orElseThrow()
                .at("/content/application~1json/schema");
        return contract.validate(schema, JSON.readTree(body));
    }

    @Test
    void aConformingBodyPasses() throws Exception {
        assertEquals(
                List.of(),
                check("{\"id\": 1, \"when\": null, \"kind\": \"x\", \"tags\": [\"a\"], \"extra\": {\"n\": 1.5}}"));
        assertEquals(List.of(), check("{\"id\": 1, \"when\": \"2025-01-01T00:00:00Z\"}"));
    }

    @Test
    void eachKindOfViolationIsFound() throws Exception {
        assertTrue(check("{\"when\": null}").get(0).contains("required property 'id'"));
        assertTrue(check("{\"id\": 1, \"when\": null, \"other\": 1}").get(0).contains("'other' is not documented"));
        assertTrue(check("{\"id\": \"1\", \"when\": null}").get(0).contains("not of type"));
        assertTrue(check("{\"id\": 1, \"when\": \"yesterday\"}").get(0).contains("date-time"));
        assertTrue(check("{\"id\": 1, \"when\": null, \"kind\": \"z\"}").get(0).contains("is not one of"));
        assertTrue(check("{\"id\": 1, \"when\": null, \"tags\": [1]}").get(0).startsWith("/tags/0"));
        assertTrue(check("{\"id\": 1, \"when\": null, \"extra\": {\"n\": \"a\"}}")
                .get(0)
                .startsWith("/extra/n"));
    }

    @Test
    void aLiteralPathWinsOverATemplateAndUndocumentedStatusesAreEmpty() {
        assertEquals(
                "getLiteral",
                contract.operation("GET", "/a/literal").orElseThrow().id());
        assertEquals(
                "getA", contract.operation("GET", "/a/other?x=1").orElseThrow().id());
        assertTrue(contract.operation("POST", "/a/7").isEmpty());
        assertTrue(contract.response(contract.operation("GET", "/a/7").orElseThrow(), 404)
                .isEmpty());
    }
}
