package org.openhealthexchange.server.jobs;

import java.time.Duration;

/** Exponential backoff between attempts: {@code base × 2^(attempt-1)}, capped, never shorter than a vendor asked. */
public record Backoff(Duration base, Duration max) {

    /**
     * The delay after failed attempt number {@code attempt} (1-based).
     *
     * @param vendorAsked a delay the vendor demanded (Retry-After), or null
     */
    public Duration delayAfter(int attempt, Duration vendorAsked) {
        int exponent = Math.max(0, Math.min(attempt - 1, 30));
        Duration exponential = base.multipliedBy(1L << exponent);
        Duration delay = exponential.compareTo(max) > 0 ? max : exponential;
        return vendorAsked != null && vendorAsked.compareTo(delay) > 0 ? vendorAsked : delay;
    }
}
