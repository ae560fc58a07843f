package org.openhealthexchange.core.spi;

import java.time.Duration;
import java.util.Optional;

/**
 * A vendor call failed. {@code vendorCode} is the vendor's own status (e.g. Withings {@code 601});
 * {@code retryAfter} is set when the vendor said how long to wait.
 */
public class ProviderException extends Exception {

    /** Why a call failed, which decides retry and metrics ({@code error_type} tag). */
    public enum Kind {
        RATE_LIMITED,
        UNAUTHORIZED,
        GRANT_REVOKED,
        UNAVAILABLE,
        BAD_RESPONSE,
        REJECTED
    }

    private final Kind kind;
    private final String vendorCode;
    private final Duration retryAfter;

    public ProviderException(Kind kind, String vendorCode, String message, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.vendorCode = vendorCode;
        this.retryAfter = retryAfter;
    }

    public ProviderException(Kind kind, String vendorCode, String message) {
        this(kind, vendorCode, message, null, null);
    }

    public Kind kind() {
        return kind;
    }

    public Optional<String> vendorCode() {
        return Optional.ofNullable(vendorCode);
    }

    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** Whether trying again later can succeed: rate limits and outages can, a refused grant cannot. */
    public boolean retryable() {
        return kind == Kind.RATE_LIMITED || kind == Kind.UNAVAILABLE || kind == Kind.UNAUTHORIZED;
    }
}
