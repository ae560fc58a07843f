package org.openhealthexchange.sink.fhir.client;

import java.time.Duration;
import java.util.Optional;
import org.openhealthexchange.core.http.FailureClass;

/**
 * A request to the EHR (or its token endpoint) that did not succeed, classified by what the sink should do next.
 * The message carries the HTTP status and the server's OperationOutcome text, never credentials.
 */
public final class FhirCallException extends Exception {

    /** What a failure means for the Bundle that was being sent. */
    public enum Kind {
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

    public FhirCallException(Kind kind, int status, String message, Duration retryAfter) {
        super(message);
        this.kind = kind;
        this.status = status;
        this.retryAfter = retryAfter;
    }

    /** The failure for an HTTP status (0: no response) by core's {@link FailureClass}. */
    public static FhirCallException forStatus(int status, String message, Duration retryAfter) {
        Kind kind;
        if (status == 0) {
            kind = Kind.RETRYABLE;
        } else if (status < 400) {
            kind = Kind.FATAL;
        } else {
            kind = switch (FailureClass.ofStatus(status)) {
                case TRANSIENT, RATE_LIMITED -> Kind.RETRYABLE;
                case AUTH -> Kind.UNAUTHORIZED;
                case PERMANENT -> Kind.REJECTED;};
        }
        return new FhirCallException(kind, status, message, retryAfter);
    }

    public Kind kind() {
        return kind;
    }

    /** The HTTP status, 0 when no response arrived. */
    public int status() {
        return status;
    }

    /** The server's Retry-After, if it sent one. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
