package org.openhealthexchange.provider.withings.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

/**
 * One Withings reply: {@code {"status": n, "body": {...}, "error": "..."}}. Withings reports failures here, with
 * HTTP 200, so the status must be read before the body.
 */
public record WithingsEnvelope(int status, JsonNode body, String error) {

    public WithingsEnvelope {
        body = body == null || body.isNull() ? MissingNode.getInstance() : body;
        error = error == null ? "" : error;
    }

    public boolean ok() {
        return status == 0;
    }
}
