package org.openhealthexchange.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class RequestConventionsTest {

    @Test
    void requestIdsArePrintableAsciiUpTo128Characters() {
        assertTrue(RequestIds.isValid("req-12345-67890"));
        assertTrue(RequestIds.isValid("a b"));
        assertTrue(RequestIds.isValid("x".repeat(128)));
        assertFalse(RequestIds.isValid("x".repeat(129)));
        assertFalse(RequestIds.isValid(""));
        assertFalse(RequestIds.isValid("line\nbreak"));
        assertFalse(RequestIds.isValid("umläut"));
        assertTrue(RequestIds.isValid(RequestIds.generate()));
    }

    @Test
    void theVersionIsReadFromTheAcceptHeader() {
        assertEquals(OptionalInt.of(1), ApiVersions.requested("application/json; version=1"));
        assertEquals(OptionalInt.of(2), ApiVersions.requested("application/json;version=2"));
        assertEquals(OptionalInt.of(3), ApiVersions.requested("text/html, application/json; q=0.9; version=\"3\""));
        assertEquals(OptionalInt.empty(), ApiVersions.requested("application/json"));
        assertEquals(OptionalInt.empty(), ApiVersions.requested(null));
        assertEquals(OptionalInt.of(-1), ApiVersions.requested("application/json; version=beta"));
    }
}
