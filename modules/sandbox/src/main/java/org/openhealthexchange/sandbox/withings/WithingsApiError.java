package org.openhealthexchange.sandbox.withings;

/** A Withings error reply: HTTP 200 with this {@code status} and message. */
final class WithingsApiError extends RuntimeException {

    private final int status;

    WithingsApiError(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    static WithingsApiError invalidParam(String name) {
        return new WithingsApiError(WithingsStatus.INVALID_PARAMS, "Invalid Params: " + name);
    }

    int status() {
        return status;
    }
}
