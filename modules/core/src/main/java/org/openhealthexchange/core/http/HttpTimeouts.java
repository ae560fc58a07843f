package org.openhealthexchange.core.http;

import java.time.Duration;
import java.util.Objects;

/**
 * The two timeouts of a vendor call, set in one place ({@link VendorHttp}): {@code connect} to open a connection,
 * {@code request} from sending the request until the response headers arrive.
 */
public record HttpTimeouts(Duration connect, Duration request) {

    public HttpTimeouts {
        Objects.requireNonNull(connect, "connect");
        Objects.requireNonNull(request, "request");
        if (connect.isNegative() || connect.isZero() || request.isNegative() || request.isZero()) {
            throw new IllegalArgumentException("HTTP timeouts must be positive");
        }
    }

    /** One timeout for both, as every vendor's {@code request-timeout} key sets today. */
    public static HttpTimeouts of(Duration both) {
        return new HttpTimeouts(both, both);
    }
}
