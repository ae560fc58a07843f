package org.openhealthexchange.server.http;

import java.util.OptionalInt;
import java.util.regex.Pattern;

/** Reads the API version from {@code Accept: application/json; version=N} (DRF's AcceptHeaderVersioning). */
public final class ApiVersions {

    private static final Pattern VERSION = Pattern.compile("(?i)(?:^|;)\\s*version\\s*=\\s*\"?([^;,\"\\s]*)\"?");

    private ApiVersions() {}

    /**
     * The requested version, empty when the header names none. A version that is not an integer yields
     * {@code -1}, which no server supports.
     */
    public static OptionalInt requested(String accept) {
        if (accept == null) {
            return OptionalInt.empty();
        }
        for (String mediaRange : accept.split(",")) {
            var m = VERSION.matcher(mediaRange);
            if (m.find()) {
                try {
                    return OptionalInt.of(Integer.parseInt(m.group(1)));
                } catch (NumberFormatException e) {
                    return OptionalInt.of(-1);
                }
            }
        }
        return OptionalInt.empty();
    }
}
