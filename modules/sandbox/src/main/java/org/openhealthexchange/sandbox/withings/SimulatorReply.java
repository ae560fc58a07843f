package org.openhealthexchange.sandbox.withings;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What the simulator answers, independent of the HTTP layer.
 *
 * @param httpStatus the HTTP status
 * @param contentType the media type of {@code body}
 * @param body the response body (may be empty)
 * @param location the {@code Location} of a redirect, else null
 */
record SimulatorReply(int httpStatus, String contentType, String body, String location) {

    static final String JSON = "application/json";
    static final String TEXT = "text/plain";

    static SimulatorReply json(String body) {
        return new SimulatorReply(200, JSON, body, null);
    }

    static SimulatorReply json(int status, JsonNode body) {
        return new SimulatorReply(status, JSON, WithingsJson.write(body), null);
    }

    static SimulatorReply text(int status, String body) {
        return new SimulatorReply(status, TEXT, body, null);
    }

    static SimulatorReply redirect(String location) {
        return new SimulatorReply(302, TEXT, "", location);
    }

    /** A problem with a control request: 400 with {@code {"error": …}}. */
    static SimulatorReply badRequest(String message) {
        return json(400, WithingsJson.object().put("error", message));
    }
}
