package org.openhealthexchange.core.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.openhealthexchange.core.spi.ProviderException.Kind;

class FailureClassTest {

    @Test
    void statusesFallIntoTheFourClasses() {
        assertEquals(FailureClass.RATE_LIMITED, FailureClass.ofStatus(429));
        assertEquals(FailureClass.TRANSIENT, FailureClass.ofStatus(500));
        assertEquals(FailureClass.TRANSIENT, FailureClass.ofStatus(503));
        assertEquals(FailureClass.TRANSIENT, FailureClass.ofStatus(504));
        assertEquals(FailureClass.TRANSIENT, FailureClass.ofStatus(408));
        assertEquals(FailureClass.AUTH, FailureClass.ofStatus(401));
        assertEquals(FailureClass.PERMANENT, FailureClass.ofStatus(403), "a missing consent is not fixed by a token");
        assertEquals(FailureClass.PERMANENT, FailureClass.ofStatus(400));
        assertEquals(FailureClass.PERMANENT, FailureClass.ofStatus(404));
        assertEquals(FailureClass.PERMANENT, FailureClass.ofStatus(410));
    }

    @Test
    void eachClassHasItsKindAndOnlyTransientAndRateLimitedAreRetried() {
        assertEquals(Kind.UNAVAILABLE, FailureClass.TRANSIENT.kind());
        assertEquals(Kind.RATE_LIMITED, FailureClass.RATE_LIMITED.kind());
        assertEquals(Kind.UNAUTHORIZED, FailureClass.AUTH.kind());
        assertEquals(Kind.REJECTED, FailureClass.PERMANENT.kind());
        assertTrue(FailureClass.TRANSIENT.retryable());
        assertTrue(FailureClass.RATE_LIMITED.retryable());
        assertFalse(FailureClass.AUTH.retryable());
        assertFalse(FailureClass.PERMANENT.retryable());
    }

    @Test
    void theExceptionKeepsStatusAndABoundedExcerptOutOfItsMessage() {
        String body = "{\"error\":\"x\"}\n" + "y".repeat(1000);
        VendorHttpException e = VendorHttpException.forStatus("Vendor", "GET /a", 503, body, Duration.ofSeconds(3));

        assertEquals(FailureClass.TRANSIENT, e.failureClass());
        assertEquals(Kind.UNAVAILABLE, e.kind());
        assertEquals(503, e.status());
        assertEquals("503", e.vendorCode().orElseThrow());
        assertEquals(Duration.ofSeconds(3), e.retryAfter().orElseThrow());
        assertEquals("Vendor GET /a answered HTTP 503", e.getMessage());
        assertEquals(VendorHttpException.MAX_EXCERPT + 1, e.bodyExcerpt().length(), "256 characters and an ellipsis");
        assertTrue(e.bodyExcerpt().startsWith("{\"error\":\"x\"} y"), "control characters become spaces");
        assertEquals(
                "", VendorHttpException.forStatus("V", "c", 400, null, null).bodyExcerpt());
    }
}
