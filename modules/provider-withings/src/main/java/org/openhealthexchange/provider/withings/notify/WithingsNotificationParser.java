package org.openhealthexchange.provider.withings.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.openhealthexchange.core.spi.InboundRequest;
import org.openhealthexchange.core.spi.MalformedNotificationException;
import org.openhealthexchange.core.spi.SyncRequest;
import org.openhealthexchange.provider.withings.client.WithingsForm;
import org.openhealthexchange.provider.withings.config.Withings;

/**
 * Reads a Withings notification: form-encoded as Withings sends it, or JSON as the OHE seed documents it. Withings'
 * dates are inclusive, our windows half-open, so {@code enddate} T becomes an exclusive end of T + 1 s. The dedup
 * key hashes the normalized fields only, so a redelivery (or the same event in the other encoding) is one job.
 */
public final class WithingsNotificationParser {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** {@code appli} of user events (profile changes, unlink, account deletion). */
    private static final int USER_ACTION = 46;
    /** The user events after which OHE's grant no longer works (Withings' {@code action} values). */
    private static final java.util.Set<String> GRANT_ENDING_ACTIONS = java.util.Set.of("unlink", "delete");

    /** The re-fetch window a notification asks for; both ends null when it names no time. */
    record Window(Instant start, Instant end) {}

    private WithingsNotificationParser() {}

    public static SyncRequest parse(InboundRequest request) throws MalformedNotificationException {
        Map<String, String> fields = isJson(request) ? jsonFields(request.body()) : formFields(request.body());
        long userId = number(fields, "userid", 18);
        int appli = (int) number(fields, "appli", 9);
        Window window = window(fields);
        String deviceId = fields.get("deviceid");
        String action = fields.get("action");
        String key = String.join(
                "|",
                Long.toString(userId),
                Integer.toString(appli),
                epoch(window.start()),
                epoch(window.end()),
                deviceId == null ? "" : deviceId,
                action == null ? "" : action);
        if (appli == USER_ACTION && action != null && GRANT_ENDING_ACTIONS.contains(action.toLowerCase(Locale.ROOT))) {
            // The user unlinked OHE in the Withings app or deleted the account: the grant is gone.
            return SyncRequest.revoke(Withings.ID, Long.toString(userId), "withings:" + sha256Hex(key));
        }
        return new SyncRequest(
                Withings.ID,
                Long.toString(userId),
                window.start(),
                window.end(),
                WithingsAppli.types(appli),
                "withings:" + sha256Hex(key));
    }

    /**
     * {@code [startdate, enddate + 1 s)}; a {@code date} day is that whole UTC day and an epoch {@code date} that
     * second. Without any date (e.g. a profile change) the window is {@code [null, null)}: the server picks one.
     */
    static Window window(Map<String, String> fields) throws MalformedNotificationException {
        if (fields.containsKey("startdate") || fields.containsKey("enddate")) {
            long start = number(fields, "startdate", 12);
            long end = number(fields, "enddate", 12);
            if (end < start) {
                throw new MalformedNotificationException("enddate is before startdate");
            }
            return new Window(Instant.ofEpochSecond(start), Instant.ofEpochSecond(end + 1));
        }
        String date = fields.get("date");
        if (date == null) {
            return new Window(null, null);
        }
        if (date.matches("\\d{4}-\\d{2}-\\d{2}")) {
            try {
                Instant day = LocalDate.parse(date).atStartOfDay(ZoneOffset.UTC).toInstant();
                return new Window(day, day.plusSeconds(86_400));
            } catch (DateTimeException e) {
                throw new MalformedNotificationException("date is not a calendar day");
            }
        }
        long at = number(fields, "date", 12);
        return new Window(Instant.ofEpochSecond(at), Instant.ofEpochSecond(at + 1));
    }

    /** A required non-negative integer field; the digit cap keeps it within a long without overflow checks. */
    private static long number(Map<String, String> fields, String name, int maxDigits)
            throws MalformedNotificationException {
        String value = fields.get(name);
        if (value == null || value.isEmpty()) {
            throw new MalformedNotificationException("missing " + name);
        }
        if (!value.matches("\\d{1," + maxDigits + "}")) {
            throw new MalformedNotificationException(name + " is not a non-negative integer");
        }
        return Long.parseLong(value);
    }

    private static boolean isJson(InboundRequest request) {
        String type = request.header("Content-Type").orElse("").toLowerCase(Locale.ROOT);
        if (type.contains("json")) {
            return true;
        }
        if (type.contains("form-urlencoded")) {
            return false;
        }
        String body = new String(request.body(), StandardCharsets.UTF_8).stripLeading();
        return body.startsWith("{");
    }

    private static Map<String, String> formFields(byte[] body) throws MalformedNotificationException {
        try {
            Map<String, String> fields = new LinkedHashMap<>();
            WithingsForm.decode(new String(body, StandardCharsets.UTF_8)).forEach((k, v) -> fields.put(k, v.trim()));
            return fields;
        } catch (IllegalArgumentException e) {
            throw new MalformedNotificationException("body is not a valid form");
        }
    }

    private static Map<String, String> jsonFields(byte[] body) throws MalformedNotificationException {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            throw new MalformedNotificationException("body is not valid JSON");
        }
        if (root == null || !root.isObject()) {
            throw new MalformedNotificationException("body is not a JSON object");
        }
        Map<String, String> fields = new LinkedHashMap<>();
        var entries = root.fields();
        while (entries.hasNext()) {
            var entry = entries.next();
            JsonNode value = entry.getValue();
            if (value.isNull()) {
                continue;
            }
            if (value.isContainerNode()) {
                throw new MalformedNotificationException(entry.getKey() + " is not a single value");
            }
            fields.put(entry.getKey(), value.asText().trim());
        }
        return fields;
    }

    private static String epoch(Instant instant) {
        return instant == null ? "" : Long.toString(instant.getEpochSecond());
    }

    private static String sha256Hex(String value) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
