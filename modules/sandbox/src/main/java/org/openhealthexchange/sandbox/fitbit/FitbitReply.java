package org.openhealthexchange.sandbox.fitbit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the Fitbit simulator answers, independent of the HTTP layer: status, headers (a redirect's
 * {@code Location}, the rate-limit headers) and a JSON body (or none).
 */
record FitbitReply(int status, Map<String, String> headers, JsonNode body) {

    static final ObjectMapper JSON = new ObjectMapper();

    FitbitReply {
        headers = new LinkedHashMap<>(headers);
    }

    static FitbitReply json(int status, JsonNode body) {
        return new FitbitReply(status, Map.of(), body);
    }

    static FitbitReply empty(int status) {
        return new FitbitReply(status, Map.of(), null);
    }

    static FitbitReply redirect(String location) {
        return new FitbitReply(302, Map.of("Location", location), null);
    }

    /** Fitbit's error envelope: {@code {"errors":[{"errorType":…,"message":…}],"success":false}}. */
    static FitbitReply error(int status, String errorType, String message) {
        ObjectNode body = object();
        body.putArray("errors").addObject().put("errorType", errorType).put("message", message);
        body.put("success", false);
        return json(status, body);
    }

    FitbitReply withHeader(String name, String value) {
        headers.put(name, value);
        return this;
    }

    static ObjectNode object() {
        return JSON.createObjectNode();
    }

    static ArrayNode array() {
        return JSON.createArrayNode();
    }
}
