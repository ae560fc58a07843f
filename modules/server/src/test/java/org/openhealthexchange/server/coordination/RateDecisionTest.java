package org.openhealthexchange.server.coordination;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;

class RateDecisionTest {

    @Test
    void headersFollowFromTheBucketState() {
        long now = 1_700_000_000_000L;
        var d = RateDecision.of(true, 100, 95.4, 60_000, now);
        assertEquals(95, d.remaining());
        assertEquals(0, d.retryAfterSeconds());
        // 4.6 tokens missing at 100/min refill in 2.76 s
        assertEquals(1_700_000_003L, d.resetEpochSeconds());
    }

    @Test
    void aRefusalSaysWhenTheNextTokenArrives() {
        var d = RateDecision.of(false, 10, 0.5, 60_000, 1_700_000_000_000L);
        assertFalse(d.allowed());
        assertEquals(0, d.remaining());
        assertEquals(3, d.retryAfterSeconds()); // half a token at one per 6 s
    }
}
