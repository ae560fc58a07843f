package org.openhealthexchange.sandbox.faults;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The vendors whose data calls can fail at random, which of their paths are data calls (never the OAuth token
 * endpoints or subscriptions), and the failures each can suffer, in the vendor's own wire format.
 */
public enum FaultyVendor {

    /** Withings: errors come back as HTTP 200 with a non-zero {@code status}, besides plain HTTP failures. */
    WITHINGS(
            "withings",
            Pattern.compile("/sandbox/withings/(measure|v2/measure|v2/heart|v2/sleep|v2/user)/?"),
            List.of(
                    Kind.HTTP_500,
                    Kind.HTTP_502,
                    Kind.HTTP_503,
                    Kind.HTTP_429,
                    Kind.STATUS_601,
                    Kind.STATUS_522,
                    Kind.DROP)),
    /** Google Health API: Google's {@code {"error":{code,message,status}}}. */
    GOOGLE_HEALTH(
            "google-health",
            Pattern.compile("/sandbox/google-health/v4/users/[^/]+/dataTypes/[^/]+/dataPoints/?"),
            List.of(Kind.HTTP_500, Kind.HTTP_502, Kind.HTTP_503, Kind.HTTP_429, Kind.DROP)),
    /** Legacy Fitbit Web API: {@code {"errors":[{errorType,message}],"success":false}} and its rate-limit headers. */
    FITBIT(
            "fitbit",
            Pattern.compile("/sandbox/fitbit/1(\\.2)?/user/[^/]+/(?!apiSubscriptions)[^?]+\\.json"),
            List.of(Kind.HTTP_500, Kind.HTTP_502, Kind.HTTP_503, Kind.HTTP_429, Kind.DROP)),
    /** CallDoc's read API. */
    CALLDOC(
            "calldoc",
            Pattern.compile("/sandbox/calldoc/api/v1/frontend/[a-z_]+/?"),
            List.of(Kind.HTTP_500, Kind.HTTP_502, Kind.HTTP_503, Kind.HTTP_429, Kind.DROP));

    /** One kind of failure. */
    public enum Kind {
        HTTP_500,
        HTTP_502,
        HTTP_503,
        HTTP_429,
        /** Withings "too many request" inside an HTTP 200 envelope. */
        STATUS_601,
        /** Withings "timeout" inside an HTTP 200 envelope (the documentation says: retry). */
        STATUS_522,
        /** The connection is closed without any response. */
        DROP;

        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** A reply to send instead of the real one (a DROP has none). */
    public record Reply(int status, String contentType, Map<String, String> headers, String body) {}

    private final String id;
    private final Pattern dataPath;
    private final List<Kind> kinds;

    FaultyVendor(String id, Pattern dataPath, List<Kind> kinds) {
        this.id = id;
        this.dataPath = dataPath;
        this.kinds = kinds;
    }

    /** The name in configuration and in the control endpoint ({@code withings}, {@code google-health}, …). */
    public String id() {
        return id;
    }

    public List<Kind> kinds() {
        return kinds;
    }

    public static Optional<FaultyVendor> byId(String id) {
        for (FaultyVendor v : values()) {
            if (v.id.equals(id)) {
                return Optional.of(v);
            }
        }
        return Optional.empty();
    }

    /** The vendor whose data call {@code method path} is, if it is one. */
    public static Optional<FaultyVendor> dataCall(String method, String path) {
        if (path == null) {
            return Optional.empty();
        }
        for (FaultyVendor v : values()) {
            if (v.dataPath.matcher(path).matches()) {
                boolean read = "GET".equals(method) || v == WITHINGS && "POST".equals(method);
                return read ? Optional.of(v) : Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** What this vendor answers for {@code kind}; {@code retryAfterSeconds} goes into Retry-After / reset headers. */
    public Reply reply(Kind kind, int retryAfterSeconds) {
        String wait = Integer.toString(retryAfterSeconds);
        int http =
                switch (kind) {
                    case HTTP_500 -> 500;
                    case HTTP_502 -> 502;
                    case HTTP_503 -> 503;
                    case HTTP_429 -> 429;
                    case STATUS_601, STATUS_522 -> 200;
                    case DROP -> throw new IllegalArgumentException("a dropped connection has no reply");
                };
        return switch (this) {
            case WITHINGS -> switch (kind) {
                case STATUS_601 -> json(200, Map.of(), "{\"status\":601,\"body\":{},\"error\":\"Too many request\"}");
                case STATUS_522 -> json(200, Map.of(), "{\"status\":522,\"body\":{},\"error\":\"Timeout\"}");
                case HTTP_429 -> new Reply(
                        429,
                        "text/html",
                        Map.of("Retry-After", wait),
                        "<html><body><h1>429 Too Many Requests</h1></body></html>");
                default -> new Reply(
                        http,
                        "text/html",
                        Map.of(),
                        "<html><body><h1>" + http + " " + reason(http) + "</h1></body></html>");
            };
            case GOOGLE_HEALTH -> switch (kind) {
                case HTTP_429 -> json(
                        429,
                        Map.of("Retry-After", wait),
                        googleError(
                                429,
                                "Quota exceeded for quota metric 'Read requests' of service 'health.googleapis.com'.",
                                "RESOURCE_EXHAUSTED"));
                case HTTP_500 -> json(500, Map.of(), googleError(500, "Internal error encountered.", "INTERNAL"));
                case HTTP_503 -> json(
                        503, Map.of(), googleError(503, "The service is currently unavailable.", "UNAVAILABLE"));
                    // Google's front end answers a 502 with its own HTML page, not the API's JSON.
                default -> new Reply(
                        502,
                        "text/html",
                        Map.of(),
                        "<!DOCTYPE html><html lang=en><title>Error 502 (Server Error)!!1</title>"
                                + "<p><b>502.</b> <ins>That's an error.</ins></html>");
            };
            case FITBIT -> kind == Kind.HTTP_429
                    ? json(
                            429,
                            Map.of(
                                    "Retry-After",
                                    wait,
                                    "Fitbit-Rate-Limit-Limit",
                                    "150",
                                    "Fitbit-Rate-Limit-Remaining",
                                    "0",
                                    "Fitbit-Rate-Limit-Reset",
                                    wait),
                            fitbitError("system", "Too Many Requests"))
                    : json(
                            http,
                            Map.of(),
                            fitbitError("system", "An unexpected error occurred (" + reason(http) + ")."));
            case CALLDOC -> kind == Kind.HTTP_429
                    ? json(429, Map.of("Retry-After", wait), "{\"detail\":\"Request was throttled.\"}")
                    : new Reply(http, "text/html", Map.of(), "<h1>" + reason(http) + "</h1>");
        };
    }

    private static Reply json(int status, Map<String, String> headers, String body) {
        return new Reply(status, "application/json", headers, body);
    }

    private static String googleError(int code, String message, String status) {
        return "{\"error\":{\"code\":" + code + ",\"message\":\"" + message + "\",\"status\":\"" + status + "\"}}";
    }

    private static String fitbitError(String type, String message) {
        return "{\"errors\":[{\"errorType\":\"" + type + "\",\"message\":\"" + message + "\"}],\"success\":false}";
    }

    private static String reason(int status) {
        return switch (status) {
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            default -> "Error";
        };
    }
}
