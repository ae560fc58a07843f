package org.openhealthexchange.sink.fhir;

import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Exponential backoff for retryable failures: {@code base * 2^(attempt-1)}, or the server's Retry-After when it
 * sent one. A wait longer than {@link #MAX_WAIT} is not taken: the chunk fails now and the sync job, which retries
 * later anyway, does not hold a worker for minutes (conditional create makes the later retry safe).
 */
record RetryPolicy(int maxAttempts, Duration base) {

    static final Duration MAX_WAIT = Duration.ofMinutes(2);

    /** The wait before attempt {@code attempt + 1}, or empty when the failure should not be retried here. */
    Optional<Duration> delayAfter(int attempt, Optional<Duration> retryAfter) {
        if (attempt >= maxAttempts) {
            return Optional.empty();
        }
        var delay = retryAfter.orElseGet(() -> base.multipliedBy(1L << Math.min(attempt - 1, 20)));
        return delay.compareTo(MAX_WAIT) > 0 ? Optional.empty() : Optional.of(delay);
    }

    /** Retry-After as delay-seconds or an HTTP-date (RFC 9110 §10.2.3); empty when absent or unreadable. */
    static Optional<Duration> parseRetryAfter(String value, Clock clock) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        var text = value.trim();
        try {
            return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(text))));
        } catch (NumberFormatException notSeconds) {
            try {
                var at = ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME)
                        .toInstant();
                var wait = Duration.between(clock.instant(), at);
                return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
            } catch (DateTimeParseException unreadable) {
                return Optional.empty();
            }
        }
    }
}
