package org.openhealthexchange.server.http;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/** The one error body of the API: {@code {error, message, details, timestamp, request_id}}. */
public record ErrorEnvelope(
        String error,
        String message,
        Map<String, Object> details,
        String timestamp,
        @JsonProperty("request_id") String requestId) {

    public static ErrorEnvelope of(String error, String message, Map<String, Object> details, String requestId) {
        // Bounded whatever a caller put in: a message quoting client input never grows with the input.
        return new ErrorEnvelope(
                error,
                InputRules.boundedMessage(message),
                details == null ? Map.of() : InputRules.boundedDetails(details),
                now(),
                requestId);
    }

    /** The {@code timestamp} of an error body: now, ISO-8601 UTC to the millisecond. */
    public static String now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
    }

    /** The machine-readable error code of a status without a more specific one. */
    public static String codeFor(int status) {
        return switch (status) {
            case 400 -> "bad_request";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 406 -> "not_acceptable";
            case 408 -> "request_timeout";
            case 409 -> "conflict";
            case 413 -> "payload_too_large";
            case 414 -> "uri_too_long";
            case 415 -> "unsupported_media_type";
            case 431 -> "header_fields_too_large";
            case 429 -> "rate_limit_exceeded";
            case 503 -> "service_unavailable";
            default -> status >= 500 ? "internal_error" : "error";
        };
    }
}
