package org.openhealthexchange.core.fhir.mapping;

import java.nio.charset.StandardCharsets;

/**
 * Writes {@code system|value} token parameters for search URLs (conditional references, {@code ifNoneExist}).
 * Vendor ids are opaque: FHIR's token separators are backslash-escaped and characters that would end or
 * corrupt a query parameter are percent-encoded, so that any id round-trips to the same identifier.
 */
public final class SearchTokens {

    private SearchTokens() {}

    public static String token(String system, String value) {
        return encode(system) + "|" + encode(value);
    }

    static String encode(String text) {
        var out = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\\', ',', '|', '$' -> out.append("%5C").append(percent(c));
                case '&', '=', '#', '%', '+', '?', ' ' -> out.append(percent(c));
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        appendUtf8(out, text.codePointAt(i));
                        if (Character.isHighSurrogate(c)) {
                            i++;
                        }
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    private static String percent(char c) {
        return String.format("%%%02X", (int) c);
    }

    private static void appendUtf8(StringBuilder out, int codePoint) {
        for (byte b : new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8)) {
            out.append(String.format("%%%02X", b & 0xff));
        }
    }
}
