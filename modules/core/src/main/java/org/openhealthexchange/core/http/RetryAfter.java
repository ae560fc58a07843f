package org.openhealthexchange.core.http;

import java.net.http.HttpResponse;
import java.time.Duration;

/** The {@code Retry-After} header of a vendor's reply. */
public final class RetryAfter {

    private RetryAfter() {}

    /** The delay a {@code Retry-After} of whole seconds (up to six digits) asks for; null when absent or not so. */
    public static Duration seconds(HttpResponse<?> response) {
        return response.headers()
                .firstValue("Retry-After")
                .map(String::trim)
                .filter(v -> v.matches("\\d{1,6}"))
                .map(v -> Duration.ofSeconds(Long.parseLong(v)))
                .orElse(null);
    }
}
