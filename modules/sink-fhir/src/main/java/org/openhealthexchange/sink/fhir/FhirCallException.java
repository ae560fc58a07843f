package org.openhealthexchange.sink.fhir;

import java.time.Duration;
import java.util.Optional;

/**
 * A request to the EHR (or its token endpoint) that did not succeed, classified by what the sink should do next.
 * The message carries the HTTP status and the server's OperationOutcome text, never credentials.
 */
final class FhirCallException extends Exception {

    /** What a failure means for the Bundle that was being sent. */
    enum Kind {
        /** 408, 429, 5xx, I/O: the same request may succeed later. */
        RETRYABLE,
        /** 401: the credential was refused; a fresh token may help once. */
        UNAUTHORIZED,
        /** Another 4xx: something in the Bundle is wrong; as a batch, only the bad entries fail. */
        REJECTED,
        /** Nothing this Bundle can fix (misconfigured credentials, an unparseable response). */
        FATAL
    }

    private final Kind kind;
    private final int status;
    private final transient Duration retryAfter;

    FhirCallException(Kind kind, int status, String message, Duration retryAfter) {
        super(message);
        this.kind = kind;
        this.status = status;
        this.retryAfter = retryAfter;
    }

    static FhirCallException forStatus(int status, String message, Duration retryAfter) {
        Kind kind;
        if (status == 0 || status == 408 || status == 429 || status >= 500) {
            kind = Kind.RETRYABLE;
        } else if (status == 401) {
            kind = Kind.UNAUTHORIZED;
        } else if (status >= 400) {
            kind = Kind.REJECTED;
        } else {
            kind = Kind.FATAL;
        }
        return new FhirCallException(kind, status, message, retryAfter);
    }

    Kind kind() {
        return kind;
    }

    /** The HTTP status, 0 when no response arrived. */
    int status() {
        return status;
    }

    /** The server's Retry-After, if it sent one. */
    Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
