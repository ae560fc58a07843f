package org.openhealthexchange.sandbox.withings;

/**
 * The Withings response statuses the simulator answers (developer.withings.com, "Response status"): errors arrive
 * with HTTP 200 and one of these in {@code status}.
 */
public final class WithingsStatus {

    /** Operation was successful. */
    public static final int OK = 0;
    /** "Invalid params" family: the callback URL is absent, malformed or did not answer the HEAD check. */
    public static final int INVALID_CALLBACK = 293;
    /** "Invalid params" family: no subscription matched a revoke. */
    public static final int NO_SUCH_SUBSCRIPTION = 294;
    /** "Invalid params" family: no subscription matched a get. */
    public static final int NO_SUCH_NOTIFICATION = 343;
    /** Authentication failed: the access token is unknown or expired. */
    public static final int INVALID_TOKEN = 401;
    /**
     * Invalid params: a missing or malformed parameter, and also (as Withings answers it) an unknown, used or expired
     * authorization code, a dead refresh token or wrong client credentials on {@code requesttoken}.
     */
    public static final int INVALID_PARAMS = 503;
    /** Too many requests. */
    public static final int TOO_MANY_REQUESTS = 601;
    /** Not implemented: an unknown action. */
    public static final int NOT_IMPLEMENTED = 2554;

    private WithingsStatus() {}
}
