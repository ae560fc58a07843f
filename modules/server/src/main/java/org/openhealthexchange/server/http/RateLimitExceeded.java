package org.openhealthexchange.server.http;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The 429 body: the error envelope whose {@code details} hold the limit, plus the seed's flat fields for clients
 * written against it.
 */
@Schema(description = "The error envelope of a 429, with the seed's flat limit fields")
public record RateLimitExceeded(
        @Schema(enumeration = "rate_limit_exceeded") String error,
        String message,
        Details details,
        @Schema(format = "date-time") String timestamp,
        @Schema(nullable = true) String requestId,
        int limit,
        long windowSeconds,
        long retryAfter) {

    /** The limit that was hit: requests per window, and the seconds until a request is allowed again. */
    public record Details(int limit, long windowSeconds, long retryAfter) {}

    static RateLimitExceeded of(int limit, long windowSeconds, long retryAfter, String requestId) {
        return new RateLimitExceeded(
                "rate_limit_exceeded",
                "Rate limit exceeded",
                new Details(limit, windowSeconds, retryAfter),
                ErrorEnvelope.now(),
                requestId,
                limit,
                windowSeconds,
                retryAfter);
    }
}
