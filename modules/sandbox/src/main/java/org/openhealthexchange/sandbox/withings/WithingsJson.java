package org.openhealthexchange.sandbox.withings;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Withings' JSON: the {@code {status, body}} envelope, written by our own mapper so that the application's Jackson
 * settings (naming strategies, date formats) can never change the vendor's wire format.
 */
final class WithingsJson {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private WithingsJson() {}

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** {@code {"status":0,"body":…}}. */
    static String ok(JsonNode body) {
        ObjectNode envelope = object();
        envelope.put("status", 0);
        envelope.set("body", body);
        return write(envelope);
    }

    /** An error as Withings sends it: HTTP 200, a non-zero status, an empty body and a message. */
    static String error(int status, String message) {
        ObjectNode envelope = object();
        envelope.put("status", status);
        envelope.putObject("body");
        envelope.put("error", message);
        return write(envelope);
    }

    static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serializes", e);
        }
    }
}
