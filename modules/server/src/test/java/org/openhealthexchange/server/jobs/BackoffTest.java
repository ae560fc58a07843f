package org.openhealthexchange.server.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private final Backoff backoff = new Backoff(Duration.ofSeconds(10), Duration.ofMinutes(5));

    @Test
    void delaysDoubleWithEachAttempt() {
        assertEquals(Duration.ofSeconds(10), backoff.delayAfter(1, null));
        assertEquals(Duration.ofSeconds(20), backoff.delayAfter(2, null));
        assertEquals(Duration.ofSeconds(40), backoff.delayAfter(3, null));
    }

    @Test
    void delaysAreCapped() {
        assertEquals(Duration.ofMinutes(5), backoff.delayAfter(6, null));
        assertEquals(Duration.ofMinutes(5), backoff.delayAfter(1000, null));
    }

    @Test
    void aVendorsRetryAfterWinsWhenLonger() {
        assertEquals(Duration.ofMinutes(2), backoff.delayAfter(1, Duration.ofMinutes(2)));
        assertEquals(Duration.ofSeconds(20), backoff.delayAfter(2, Duration.ofSeconds(1)));
    }
}
