package org.openhealthexchange.provider.withings.client;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/** {@code application/x-www-form-urlencoded}, the body format of every Withings call and notification. */
public final class WithingsForm {

    private WithingsForm() {}

    public static String encode(Map<String, String> fields) {
        StringJoiner joiner = new StringJoiner("&");
        fields.forEach((name, value) -> joiner.add(escape(name) + "=" + escape(value)));
        return joiner.toString();
    }

    /**
     * Decodes a form body; the first occurrence of a repeated name wins, so a second {@code userid} appended to a
     * delivery cannot override the first.
     *
     * @throws IllegalArgumentException when the body holds an invalid percent escape
     */
    public static Map<String, String> decode(String body) {
        Map<String, String> fields = new LinkedHashMap<>();
        if (body == null || body.isBlank()) {
            return fields;
        }
        for (String pair : body.trim().split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            fields.putIfAbsent(name, value);
        }
        return fields;
    }

    static String escape(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
