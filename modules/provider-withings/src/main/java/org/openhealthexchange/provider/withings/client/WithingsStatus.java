package org.openhealthexchange.provider.withings.client;

import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import org.openhealthexchange.core.http.FailureClass;
import org.openhealthexchange.core.http.RateLimits;
import org.openhealthexchange.core.spi.ProviderException;
import org.openhealthexchange.core.spi.ProviderException.Kind;

/**
 * Turns a Withings {@code status} into the platform's failure kinds. Withings documents 100-102/200 as
 * "authentication failed", 2553/2555 show up for unauthorized apps, 401 is an invalid access token, 601 the rate
 * limit and 522 a timeout on their side; the 2xx and 5xx ranges are otherwise parameter errors we caused.
 */
public final class WithingsStatus {

    public static final int INVALID_TOKEN = 401;
    public static final int TOO_MANY_REQUESTS = RateLimits.WITHINGS_TOO_MANY_REQUESTS;
    public static final int TIMEOUT = RateLimits.WITHINGS_TIMEOUT;
    /** Withings asks for no particular back-off; its limit is per minute, so a minute is always enough. */
    public static final Duration RATE_LIMIT_BACKOFF = Duration.ofSeconds(60);

    static final Set<Integer> AUTH_FAILED = Set.of(100, 101, 102, 200, 2553, 2555);

    private WithingsStatus() {}

    /** The exception for a non-zero status of a data or notify call. */
    public static ProviderException toException(WithingsEnvelope reply, String service) {
        int status = reply.status();
        String code = Integer.toString(status);
        String message = "Withings " + service + " answered status " + status + describe(reply);
        FailureClass rateOrOutage = RateLimits.withingsStatus(status).orElse(null);
        if (rateOrOutage == FailureClass.RATE_LIMITED) {
            return new ProviderException(Kind.RATE_LIMITED, code, message, RATE_LIMIT_BACKOFF, null);
        }
        if (isInvalidGrant(reply)) {
            return new ProviderException(Kind.GRANT_REVOKED, code, message);
        }
        if (status == INVALID_TOKEN || AUTH_FAILED.contains(status)) {
            return new ProviderException(Kind.UNAUTHORIZED, code, message);
        }
        if (rateOrOutage == FailureClass.TRANSIENT) {
            return new ProviderException(Kind.UNAVAILABLE, code, message);
        }
        return new ProviderException(Kind.REJECTED, code, message);
    }

    /**
     * Whether the reply says the user's grant itself is gone, not just this token: Withings answers a dead refresh
     * token with "invalid_grant" or "Invalid Params: invalid refresh_token" (under varying status codes).
     */
    public static boolean isInvalidGrant(WithingsEnvelope reply) {
        String error = reply.error().toLowerCase(Locale.ROOT);
        return error.contains("invalid_grant")
                || error.contains("invalid grant")
                || error.contains("invalid refresh_token")
                || error.contains("invalid_refresh_token");
    }

    private static String describe(WithingsEnvelope reply) {
        // The vendor's error text never contains tokens; it names the parameter that was wrong.
        return reply.error().isEmpty() ? "" : ": " + reply.error();
    }
}
