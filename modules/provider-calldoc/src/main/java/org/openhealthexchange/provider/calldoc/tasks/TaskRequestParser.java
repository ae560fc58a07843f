package org.openhealthexchange.provider.calldoc.tasks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.openhealthexchange.provider.calldoc.tasks.CallDocTaskBodies.RequestExample;
import org.openhealthexchange.provider.calldoc.tasks.CallDocTaskBodies.TaskError;

/**
 * Validates the JSON bodies of {@code POST /api/sync/patient} and {@code POST /api/sync} the way the seed's API does,
 * with the seed's error bodies. Pure.
 */
final class TaskRequestParser {

    /** Either a request or a 400 body. */
    record Parsed(TaskRequest request, TaskError error) {}

    static final int DEFAULT_TYPE = 24;
    static final int MAX_WEBHOOK_URL_LENGTH = 2048;
    private static final ObjectMapper JSON = new ObjectMapper();

    private TaskRequestParser() {}

    static Parsed parse(String body, boolean singlePatient) {
        JsonNode json;
        try {
            json = body == null || body.isBlank() ? null : JSON.readTree(body);
        } catch (JsonProcessingException e) {
            json = null;
        }
        if (json == null || !json.isObject()) {
            return error("Invalid JSON body", null);
        }
        List<String> missing = new ArrayList<>();
        if (absent(json, "date")) {
            missing.add("date");
        }
        if (singlePatient && absent(json, "piz")) {
            missing.add("piz");
        }
        if (!missing.isEmpty()) {
            return error("Missing required fields: " + String.join(", ", missing), example(singlePatient));
        }
        String piz = null;
        if (singlePatient) {
            JsonNode p = json.get("piz");
            piz = p.isTextual() || p.isIntegralNumber() ? p.asText().trim() : "";
            if (piz.isEmpty()) {
                return error("Invalid piz. Must be a non-empty string", null);
            }
            if (!piz.matches("[0-9A-Za-z-]{1,32}")) {
                return error("Invalid piz. Use the patient's M1Ziffer", null);
            }
        }
        LocalDate date;
        JsonNode d = json.get("date");
        try {
            if (!d.isTextual() || !d.asText().matches("\\d{4}-\\d{2}-\\d{2}")) {
                throw new DateTimeParseException("format", d.asText(), 0);
            }
            date = LocalDate.parse(d.asText());
        } catch (DateTimeParseException e) {
            return error("Invalid date format. Use YYYY-MM-DD", null);
        }
        int type = DEFAULT_TYPE;
        JsonNode t = json.get("appointment_type_id");
        if (t != null && !t.isNull()) {
            Integer parsed = integer(t);
            if (parsed == null) {
                return error("Invalid appointment_type_id. Must be an integer", null);
            }
            type = parsed;
        }
        String webhook = null;
        JsonNode w = json.get("webhook_url");
        if (w != null && !w.isNull()) {
            webhook = w.asText();
            if (w.isTextual() && webhook.length() > MAX_WEBHOOK_URL_LENGTH) {
                // as long as the seed-era task table allowed; a longer URL is refused, never cut
                return error("Invalid webhook_url. At most " + MAX_WEBHOOK_URL_LENGTH + " characters", null);
            }
            if (!w.isTextual() || !httpUrl(webhook)) {
                return error("Invalid webhook_url. Use an absolute http(s) URL", null);
            }
        }
        return new Parsed(new TaskRequest(piz, date, type, webhook), null);
    }

    private static boolean absent(JsonNode json, String field) {
        return !json.has(field) || json.get(field).isNull();
    }

    /** An integer, or a string holding one (Python's {@code int()} accepts both). */
    private static Integer integer(JsonNode node) {
        if (node.isIntegralNumber() && node.canConvertToInt()) {
            return node.asInt();
        }
        if (node.isTextual() && node.asText().trim().matches("-?\\d{1,9}")) {
            return Integer.parseInt(node.asText().trim());
        }
        return null;
    }

    private static boolean httpUrl(String value) {
        try {
            URI uri = URI.create(value);
            return uri.isAbsolute()
                    && uri.getHost() != null
                    && ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static RequestExample example(boolean singlePatient) {
        return new RequestExample("2025-08-20", singlePatient ? "12345" : null, DEFAULT_TYPE);
    }

    private static Parsed error(String message, RequestExample example) {
        return new Parsed(null, new TaskError(message, example));
    }
}
