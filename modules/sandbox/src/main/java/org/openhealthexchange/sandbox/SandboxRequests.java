package org.openhealthexchange.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** Request reading shared by the simulator resources; each resource keeps its own error replies. */
public final class SandboxRequests {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SandboxRequests() {}

    /** The first value of each query parameter, in request order (a mutable map). */
    public static Map<String, String> query(UriInfo uri) {
        Map<String, String> query = new LinkedHashMap<>();
        uri.getQueryParameters().forEach((name, values) -> {
            if (!values.isEmpty()) {
                query.put(name, values.get(0));
            }
        });
        return query;
    }

    /** The body as JSON of any shape, or null when it is blank or not JSON. */
    public static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    /** The body as a JSON object, or null when it is blank, not JSON or not an object. */
    public static JsonNode parseObject(String body) {
        JsonNode json = parse(body);
        return json != null && json.isObject() ? json : null;
    }
}
