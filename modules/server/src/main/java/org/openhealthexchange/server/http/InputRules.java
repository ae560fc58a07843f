package org.openhealthexchange.server.http;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The rules every request value meets before any endpoint (and so any query) sees it, and the one way error
 * messages quote what a client sent. Pure: {@link HttpConventions} applies them to every path, query parameter and
 * header; endpoints apply {@link #problem} to body fields.
 *
 * <p>Lengths follow the database columns the values end up in (Flyway migrations): user ids 128, provider types 32,
 * OAuth states 64, task ids 128; anything else is bounded by {@code ohe.http.max-parameter-length}.
 */
public final class InputRules {

    /** Characters of client input an error message quotes; longer input is cut with an ellipsis. */
    public static final int QUOTE_LENGTH = 64;
    /** Longest path segment: no path parameter (provider, job id, task id) is longer in the database. */
    public static final int MAX_SEGMENT_LENGTH = 128;
    /** Longest {@code message} of an error body, whatever it quotes. */
    public static final int MAX_MESSAGE_LENGTH = 512;

    /** Query parameters with a column of their own, and its length. */
    private static final Map<String, Integer> PARAMETER_LIMITS = Map.of(
            "ehr_user_id", 128,
            "provider", 32,
            "status", 16,
            "page", 10,
            "page_size", 10,
            "state", 64);

    /** Longest {@code ehr_user_id} (its column). */
    public static final int MAX_USER_ID_LENGTH = 128;

    private InputRules() {}

    /** A valid {@code ehr_user_id} (present, at most 128 printable characters without spaces), or 400. */
    public static String requireUserId(String ehrUserId) {
        if (ehrUserId == null || ehrUserId.isBlank()) {
            throw ApiException.validation(Map.of("ehr_user_id", List.of("This field is required.")));
        }
        if (ehrUserId.length() > MAX_USER_ID_LENGTH || !ehrUserId.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw ApiException.validation(
                    Map.of("ehr_user_id", List.of("At most 128 printable characters without spaces.")));
        }
        return ehrUserId;
    }

    /** C0 controls (NUL, CR, LF, TAB …), DEL and the C1 controls: never part of an identifier, date or URL. */
    public static boolean isControl(int c) {
        return c < 0x20 || (c >= 0x7f && c <= 0x9f);
    }

    /** Index of the first control character, or -1. */
    public static int firstControl(CharSequence s) {
        for (int i = 0; i < s.length(); i++) {
            if (isControl(s.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    /**
     * What is wrong with a text value, if anything: control characters, or more than {@code maxLength}
     * characters. The answer never quotes the value.
     */
    public static Optional<String> problem(String value, int maxLength) {
        if (value == null) {
            return Optional.empty();
        }
        if (firstControl(value) >= 0) {
            return Optional.of("Must not contain control characters.");
        }
        if (value.length() > maxLength) {
            return Optional.of("At most " + maxLength + " characters.");
        }
        return Optional.empty();
    }

    /** The longest value a query parameter may have. */
    public static int limitFor(String parameter, int fallback) {
        return PARAMETER_LIMITS.getOrDefault(parameter, fallback);
    }

    /**
     * Client input as an error message may show it: at most {@link #QUOTE_LENGTH} characters (then an ellipsis),
     * control characters replaced by {@code ?}.
     */
    public static String quote(String value) {
        if (value == null) {
            return "null";
        }
        boolean cut = value.length() > QUOTE_LENGTH;
        String head = cut ? value.substring(0, QUOTE_LENGTH) : value;
        StringBuilder sb = new StringBuilder(head.length() + 1);
        for (int i = 0; i < head.length(); i++) {
            char c = head.charAt(i);
            sb.append(isControl(c) ? '?' : c);
        }
        return cut ? sb.append('…').toString() : sb.toString();
    }

    /** A message of an error body, bounded (the last line of defence against echoing large input). */
    public static String boundedMessage(String message) {
        if (message == null || message.length() <= MAX_MESSAGE_LENGTH && firstControl(message) < 0) {
            return message;
        }
        StringBuilder sb = new StringBuilder();
        int end = Math.min(message.length(), MAX_MESSAGE_LENGTH);
        for (int i = 0; i < end; i++) {
            char c = message.charAt(i);
            sb.append(isControl(c) && c != '\n' ? '?' : c);
        }
        return message.length() > MAX_MESSAGE_LENGTH ? sb.append('…').toString() : sb.toString();
    }

    /** {@code details} of an error body with every string in it bounded like a message. */
    public static Map<String, Object> boundedDetails(Map<String, Object> details) {
        if (details == null || details.isEmpty()) {
            return details;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        details.forEach((k, v) -> out.put(k, bounded(v, 0)));
        return out;
    }

    private static Object bounded(Object value, int depth) {
        if (value instanceof String s) {
            return boundedMessage(s);
        }
        if (depth > 4) {
            return value;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>(Math.min(list.size(), 50));
            for (Object o : list.subList(0, Math.min(list.size(), 50))) {
                out.add(bounded(o, depth + 1));
            }
            return out;
        }
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(k, bounded(v, depth + 1)));
            return out;
        }
        return value;
    }

    /**
     * Percent-decodes one component of a URI strictly: every escape is two hex digits and the bytes are valid
     * UTF-8. {@code plusIsSpace} for query strings (form encoding). Empty when the component is malformed.
     */
    public static Optional<String> decode(String component, boolean plusIsSpace) {
        if (component.indexOf('%') < 0 && (!plusIsSpace || component.indexOf('+') < 0)) {
            return Optional.of(component);
        }
        byte[] bytes = new byte[component.length()];
        int n = 0;
        StringBuilder out = new StringBuilder(component.length());
        for (int i = 0; i < component.length(); i++) {
            char c = component.charAt(i);
            if (c == '%') {
                if (i + 2 >= component.length()) {
                    return Optional.empty();
                }
                int hi = Character.digit(component.charAt(i + 1), 16);
                int lo = Character.digit(component.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return Optional.empty();
                }
                bytes[n++] = (byte) (hi * 16 + lo);
                i += 2;
                continue;
            }
            if (n > 0) {
                Optional<String> run = utf8(bytes, n);
                if (run.isEmpty()) {
                    return Optional.empty();
                }
                out.append(run.get());
                n = 0;
            }
            out.append(plusIsSpace && c == '+' ? ' ' : c);
        }
        if (n > 0) {
            Optional<String> run = utf8(bytes, n);
            if (run.isEmpty()) {
                return Optional.empty();
            }
            out.append(run.get());
        }
        return Optional.of(out.toString());
    }

    private static Optional<String> utf8(byte[] bytes, int length) {
        try {
            CharBuffer chars = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, 0, length));
            return Optional.of(chars.toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }
}
