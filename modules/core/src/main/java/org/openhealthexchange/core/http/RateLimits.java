package org.openhealthexchange.core.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.http.HttpHeaders;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What vendors say about waiting, read in one place:
 *
 * <ul>
 *   <li>{@code Retry-After} (RFC 9110 §10.2.3) as delay-seconds or as an HTTP-date (IMF-fixdate, and the obsolete
 *       RFC 850 and asctime forms a recipient must accept);
 *   <li>Google's {@code google.rpc.RetryInfo} in a JSON error body ({@code error.details[]} entry of
 *       {@code @type} {@code type.googleapis.com/google.rpc.RetryInfo} with {@code retryDelay} as a protobuf
 *       duration, {@code "30s"}, {@code "1.5s"}); the Google Health API answers 429 {@code RESOURCE_EXHAUSTED},
 *       503 {@code UNAVAILABLE} and 504 {@code DEADLINE_EXCEEDED} for what should be retried with backoff and jitter;
 *   <li>the legacy Fitbit Web API's {@code Fitbit-Rate-Limit-Remaining} / {@code Fitbit-Rate-Limit-Reset} (seconds
 *       until the hourly budget resets);
 *   <li>Withings' statuses in an HTTP 200 body: {@code 601} "too many requests" and {@code 522} "timeout", the only
 *       two Withings documents as worth retrying.
 * </ul>
 *
 * All parsers are lenient: an absent or unreadable value is "no delay given", never a failure.
 */
public final class RateLimits {

    /** Withings' in-body status for "too many requests". */
    public static final int WITHINGS_TOO_MANY_REQUESTS = 601;
    /** Withings' in-body status for a timeout on its side. */
    public static final int WITHINGS_TIMEOUT = 522;

    public static final String FITBIT_REMAINING = "Fitbit-Rate-Limit-Remaining";
    public static final String FITBIT_RESET = "Fitbit-Rate-Limit-Reset";

    static final String RETRY_INFO_TYPE = "type.googleapis.com/google.rpc.RetryInfo";

    /** Longest delay taken from a vendor (a year): beyond it a value is garbage, not advice. */
    static final Duration MAX_DELAY = Duration.ofDays(366);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter RFC_850 =
            DateTimeFormatter.ofPattern("EEEE, dd-MMM-yy HH:mm:ss 'GMT'", Locale.US);
    private static final DateTimeFormatter ASCTIME =
            DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.US);

    private RateLimits() {}

    /** The {@code Retry-After} of {@code headers}, seconds or HTTP-date (relative to {@code clock}). */
    public static Optional<Duration> retryAfter(HttpHeaders headers, Clock clock) {
        return headers.firstValue("Retry-After").flatMap(v -> retryAfter(v, clock));
    }

    /**
     * A {@code Retry-After} value: delay-seconds ({@code "120"}) or an HTTP-date, a date in the past being no wait.
     * Empty when absent, negative, unreadable or more than a year.
     */
    public static Optional<Duration> retryAfter(String value, Clock clock) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String text = value.trim();
        if (text.chars().allMatch(Character::isDigit)) {
            if (text.length() > 8) {
                return Optional.empty();
            }
            return bounded(Duration.ofSeconds(Long.parseLong(text)));
        }
        Optional<Instant> at = httpDate(text);
        if (at.isEmpty()) {
            return Optional.empty();
        }
        Duration wait = Duration.between(clock.instant(), at.get());
        return bounded(wait.isNegative() ? Duration.ZERO : wait);
    }

    /** An HTTP-date in any of its three forms. */
    static Optional<Instant> httpDate(String text) {
        try {
            return Optional.of(ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME)
                    .toInstant());
        } catch (DateTimeParseException notImf) {
            // try the obsolete forms
        }
        try {
            ZonedDateTime z = ZonedDateTime.parse(text, RFC_850.withZone(ZoneOffset.UTC));
            // two-digit years: RFC 9110 reads one more than 50 years ahead as the past century
            if (z.getYear() > ZonedDateTime.now(ZoneOffset.UTC).getYear() + 50) {
                z = z.minusYears(100);
            }
            return Optional.of(z.toInstant());
        } catch (DateTimeParseException notRfc850) {
            // try asctime
        }
        try {
            return Optional.of(LocalDateTime.parse(text, ASCTIME).toInstant(ZoneOffset.UTC));
        } catch (DateTimeParseException notAsctime) {
            return Optional.empty();
        }
    }

    /**
     * The {@code retryDelay} of the first {@code google.rpc.RetryInfo} in a Google JSON error body
     * ({@code {"error":{"code":429,"status":"RESOURCE_EXHAUSTED","details":[{"@type":"…RetryInfo",
     * "retryDelay":"30s"}]}}}); empty when the body has none.
     */
    public static Optional<Duration> googleRetryInfo(String body) {
        if (body == null || body.isBlank()) {
            return Optional.empty();
        }
        JsonNode details;
        try {
            JsonNode root = JSON.readTree(body);
            details = root == null ? null : root.path("error").path("details");
        } catch (IOException e) {
            return Optional.empty();
        }
        if (details == null || !details.isArray()) {
            return Optional.empty();
        }
        for (JsonNode d : details) {
            if (RETRY_INFO_TYPE.equals(d.path("@type").asText())) {
                return protobufDuration(d.path("retryDelay"));
            }
        }
        return Optional.empty();
    }

    /** A protobuf {@code Duration} in its JSON form ({@code "1.5s"}) or as {@code {"seconds":..,"nanos":..}}. */
    static Optional<Duration> protobufDuration(JsonNode node) {
        try {
            if (node.isTextual()) {
                String t = node.asText().trim();
                if (!t.matches("\\d{1,12}(\\.\\d{1,9})?s")) {
                    return Optional.empty();
                }
                BigDecimal seconds = new BigDecimal(t.substring(0, t.length() - 1));
                return bounded(Duration.ofNanos(seconds.movePointRight(9).longValueExact()));
            }
            if (node.isObject()) {
                long s = node.path("seconds").asLong(-1);
                long n = node.path("nanos").asLong(0);
                return s < 0 || n < 0 ? Optional.empty() : bounded(Duration.ofSeconds(s, n));
            }
        } catch (ArithmeticException | NumberFormatException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** The legacy Fitbit API's view of the user's hourly budget. */
    public record FitbitBudget(OptionalInt remaining, Optional<Duration> reset) {

        /** Whether Fitbit says nothing is left until {@link #reset}. */
        public boolean exhausted() {
            return remaining.isPresent() && remaining.getAsInt() <= 0 && reset.isPresent();
        }
    }

    /** {@code Fitbit-Rate-Limit-Remaining} and {@code Fitbit-Rate-Limit-Reset} (seconds) of a reply. */
    public static FitbitBudget fitbitLegacy(HttpHeaders headers) {
        OptionalInt remaining = intHeader(headers, FITBIT_REMAINING);
        OptionalInt reset = intHeader(headers, FITBIT_RESET);
        return new FitbitBudget(
                remaining,
                reset.isPresent() && reset.getAsInt() >= 0
                        ? Optional.of(Duration.ofSeconds(reset.getAsInt()))
                        : Optional.empty());
    }

    /**
     * The class of a Withings in-body status that is about rate or availability: 601 rate limited, 522 transient;
     * empty for every other status (the Withings client classifies those itself).
     */
    public static Optional<FailureClass> withingsStatus(int status) {
        if (status == WITHINGS_TOO_MANY_REQUESTS) {
            return Optional.of(FailureClass.RATE_LIMITED);
        }
        if (status == WITHINGS_TIMEOUT) {
            return Optional.of(FailureClass.TRANSIENT);
        }
        return Optional.empty();
    }

    private static OptionalInt intHeader(HttpHeaders headers, String name) {
        Optional<String> v = headers.firstValue(name).map(String::trim);
        if (v.isEmpty() || !v.get().matches("-?\\d{1,9}")) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(Integer.parseInt(v.get()));
    }

    private static Optional<Duration> bounded(Duration d) {
        return d.isNegative() || d.compareTo(MAX_DELAY) > 0 ? Optional.empty() : Optional.of(d);
    }
}
