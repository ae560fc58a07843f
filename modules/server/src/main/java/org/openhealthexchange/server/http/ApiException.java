package org.openhealthexchange.server.http;

import java.util.Map;

/** A request the API refuses, with the status and envelope fields to answer it with. */
public class ApiException extends RuntimeException {

    private final int status;
    private final String error;
    private final Map<String, Object> details;

    public ApiException(int status, String error, String message, Map<String, Object> details) {
        super(message);
        this.status = status;
        this.error = error;
        this.details = details == null ? Map.of() : details;
    }

    public ApiException(int status, String error, String message) {
        this(status, error, message, Map.of());
    }

    /** 400 {@code validation_error} with per-field messages, as in the seed's example. */
    public static ApiException validation(Map<String, Object> fieldErrors) {
        return new ApiException(400, "validation_error", "Invalid request data", fieldErrors);
    }

    public static ApiException notFound(String message) {
        return new ApiException(404, "not_found", message);
    }

    public int status() {
        return status;
    }

    public String error() {
        return error;
    }

    public Map<String, Object> details() {
        return details;
    }
}
