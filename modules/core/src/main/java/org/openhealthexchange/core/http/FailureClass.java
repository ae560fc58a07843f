package org.openhealthexchange.core.http;

import org.openhealthexchange.core.spi.ProviderException.Kind;

/**
 * The one classification of a failed vendor call that every client shares: whether trying again can help, and
 * how. Each class maps to the {@link Kind} jobs and metrics see.
 */
public enum FailureClass {
    /** The vendor was unavailable (5xx, 408, a vendor's own timeout status, no connection): retry with backoff. */
    TRANSIENT(Kind.UNAVAILABLE),
    /** The vendor refused for rate (429, a vendor's own "too many requests"): retry after its delay. */
    RATE_LIMITED(Kind.RATE_LIMITED),
    /** The credential was refused (401): refresh it once, never back off. */
    AUTH(Kind.UNAUTHORIZED),
    /** The request itself is wrong or not allowed (any other 4xx): the same request will fail again. */
    PERMANENT(Kind.REJECTED);

    private final Kind kind;

    FailureClass(Kind kind) {
        this.kind = kind;
    }

    /** The provider failure kind of this class. */
    public Kind kind() {
        return kind;
    }

    /** Whether the retry loop repeats a call that failed so. */
    public boolean retryable() {
        return this == TRANSIENT || this == RATE_LIMITED;
    }

    /**
     * The class of an HTTP status that is not a success: 429 rate limited; 408 and 5xx transient; 401 auth; every
     * other status permanent (403 included: a missing consent or scope is not fixed by a new token).
     */
    public static FailureClass ofStatus(int status) {
        if (status == 429) {
            return RATE_LIMITED;
        }
        if (status == 408 || status >= 500) {
            return TRANSIENT;
        }
        if (status == 401) {
            return AUTH;
        }
        return PERMANENT;
    }
}
