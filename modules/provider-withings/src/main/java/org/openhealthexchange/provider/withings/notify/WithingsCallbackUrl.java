package org.openhealthexchange.provider.withings.notify;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The callback URL registered at Withings. Withings does not sign notifications, so the URL itself carries our
 * secret as {@code ?token=}; subscribe and revoke must send exactly the same URL, hence one place builds it.
 */
public final class WithingsCallbackUrl {

    public static final String TOKEN_PARAM = "token";
    /** Withings refuses longer callback URLs. */
    public static final int MAX_LENGTH = 255;

    private WithingsCallbackUrl() {}

    /** {@code callbackUrl} with {@code token=<secret>} appended, unless it already carries a token. */
    public static String withToken(String callbackUrl, Optional<String> secret) {
        if (secret.isEmpty() || hasToken(callbackUrl)) {
            return callbackUrl;
        }
        String separator = callbackUrl.contains("?") ? (callbackUrl.endsWith("?") ? "" : "&") : "?";
        return callbackUrl + separator + TOKEN_PARAM + "=" + URLEncoder.encode(secret.get(), StandardCharsets.UTF_8);
    }

    private static boolean hasToken(String url) {
        int query = url.indexOf('?');
        if (query < 0) {
            return false;
        }
        for (String pair : url.substring(query + 1).split("&")) {
            if (pair.equals(TOKEN_PARAM) || pair.startsWith(TOKEN_PARAM + "=")) {
                return true;
            }
        }
        return false;
    }
}
