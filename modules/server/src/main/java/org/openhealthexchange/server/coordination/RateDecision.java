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
        double perMilli = (double) limit / windowMillis;
        long untilFull = (long) Math.ceil((limit - tokens) / perMilli);
        long retryAfter = allowed ? 0 : Math.max(1, (long) Math.ceil((1 - tokens) / perMilli / 1000.0));
        return new RateDecision(allowed, limit, (int) Math.floor(tokens),
                (long) Math.ceil((nowMillis + untilFull) / 1000.0), retryAfter);
    }
}
