package org.openhealthexchange.core.http;

import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * The one retry configuration group every vendor client's config embeds ({@code <prefix>.retry.*}), with the
 * defaults of {@link RetryPolicy#DEFAULT}. A provider whose defaults differ extends it and re-declares the methods
 * with its own {@code @WithDefault}s.
 */
public interface RetryConfig {

    /** Attempts per call, the first included (1 = no retry). */
    @WithDefault("4")
    int maxAttempts();

    /** Cap of the first jittered wait; doubles with each retry. */
    @WithDefault("PT0.5S")
    Duration initialBackoff();

    /** Largest cap of a wait. */
    @WithDefault("PT8S")
    Duration maxBackoff();

    /** Longest total wait between attempts per fetch (all its calls); a longer Retry-After fails the call. */
    @WithDefault("PT90S")
    Duration budget();

    /** These values as a policy. */
    default RetryPolicy policy() {
        return new RetryPolicy(maxAttempts(), initialBackoff(), maxBackoff(), budget());
    }
}
