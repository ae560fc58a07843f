package org.openhealthexchange.server.http;

import java.util.UUID;

/** Validation and generation of {@code X-Request-ID} values. */
public final class RequestIds {

    public static final String HEADER = "X-Request-ID";
    /** Key of the id in the Vert.x routing context and in the log MDC. */
    public static final String KEY = "request_id";

    static final int MAX_LENGTH = 128;

    private RequestIds() {}

    /** A client id is accepted when it is 1..128 printable ASCII characters (no controls, so no log injection). */
    public static boolean isValid(String id) {
        if (id == null || id.isEmpty() || id.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }

    public static String generate() {
        return "req-" + UUID.randomUUID();
    }
}
