package org.openhealthexchange.provider.withings.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import java.util.OptionalLong;
import org.openhealthexchange.core.spi.ProviderException;

/**
 * Lenient readers for Withings JSON. The same field comes back as a number in one service and a string in another
 * ({@code deviceid}, {@code userid}, {@code updatetime}), and {@code more} is an int in v1 and a boolean in v2.
 */
public final class WithingsJson {

    private WithingsJson() {}

    /** The field as text (numbers rendered without decoration), empty when absent or null. */
    public static Optional<String> text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        if (value == null || value.isNull() || value.isContainerNode()) {
            return Optional.empty();
        }
        String text = value.isNumber() ? value.numberValue().toString() : value.asText();
        return text.isEmpty() ? Optional.empty() : Optional.of(text);
    }

    /** The field as a whole number (numeric JSON or numeric string), empty when absent, null or not a number. */
    public static OptionalLong number(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        if (value == null || value.isNull()) {
            return OptionalLong.empty();
        }
        if (value.isIntegralNumber()) {
            return OptionalLong.of(value.longValue());
        }
        if (value.isTextual()) {
            try {
                return OptionalLong.of(Long.parseLong(value.asText().trim()));
            } catch (NumberFormatException e) {
                return OptionalLong.empty();
            }
        }
        return OptionalLong.empty();
    }

    /** A field the record cannot exist without; its absence means Withings answered something we do not understand. */
    public static long requireNumber(JsonNode node, String field, String what) throws ProviderException {
        OptionalLong value = number(node, field);
        if (value.isEmpty()) {
            throw badResponse(what + " without a numeric '" + field + "'");
        }
        return value.getAsLong();
    }

    /** Whether a paged reply says there is another page: {@code 1}/{@code true} (v1 uses ints, v2 booleans). */
    public static boolean more(JsonNode body) {
        JsonNode value = body == null ? null : body.get("more");
        if (value == null || value.isNull()) {
            return false;
        }
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        if (value.isNumber()) {
            return value.longValue() != 0;
        }
        String text = value.asText().trim();
        return text.equals("1") || text.equalsIgnoreCase("true");
    }

    /** The device that produced a row: {@code deviceid}, else the {@code hash_deviceid} Withings also sends. */
    public static String deviceId(JsonNode node) {
        return text(node, "deviceid").or(() -> text(node, "hash_deviceid")).orElse(null);
    }

    public static ProviderException badResponse(String message) {
        return new ProviderException(ProviderException.Kind.BAD_RESPONSE, null, "Withings: " + message);
    }
}
