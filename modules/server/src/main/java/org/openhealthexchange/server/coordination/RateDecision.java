package org.openhealthexchange.server.coordination;

/**
 * The outcome of taking a token: whether the request may proceed, the numbers for the {@code X-RateLimit-*}
 * headers ({@code resetEpochSeconds}: when the bucket is full again) and, when refused, the seconds until a token
 * is available.
 */
public record RateDecision(boolean allowed, int limit, int remaining, long resetEpochSeconds, long retryAfterSeconds) {

    /**
     * Derives the decision from the bucket state after the attempt.
     *
     * @param tokens tokens left after the attempt (fractional: the bucket refills continuously)
     */
    public static RateDecision of(boolean allowed, int limit, double tokens, long windowMillis, long nowMillis) {
        double untilFullMillis = (limit - tokens) * windowMillis / limit;
        double untilNextTokenMillis = (1 - tokens) * windowMillis / limit;
        long retryAfter = allowed ? 0 : Math.max(1, ceil(untilNextTokenMillis / 1000.0));
        return new RateDecision(
                allowed,
                limit,
                (int) Math.floor(tokens + 1e-9),
                ceil((nowMillis + untilFullMillis) / 1000.0),
                retryAfter);
    }

    /** Ceiling that ignores floating-point dust ({@code 3.0000000000000004} is 3). */
    private static long ceil(double value) {
        return (long) Math.ceil(value - 1e-6);
    }
}
