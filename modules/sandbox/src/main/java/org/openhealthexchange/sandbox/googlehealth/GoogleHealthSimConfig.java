package org.openhealthexchange.sandbox.googlehealth;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.time.LocalDate;

/** Settings of the Google Health API simulator ({@code ohe.sandbox.google-health.*}). */
@ConfigMapping(prefix = "ohe.sandbox.google-health")
public interface GoogleHealthSimConfig {

    @WithDefault("sandbox-client")
    String clientId();

    @WithDefault("sandbox-secret")
    String clientSecret();

    @WithDefault("PT1H")
    Duration accessTokenLifetime();

    /** Data exists from this day on (deterministic, computed on the fly). */
    @WithDefault("2025-01-01")
    LocalDate historyStart();

    /** Largest page served (the real API: 10000, 25 for sleep). */
    @WithDefault("10000")
    int maxPageSize();

    /** Data requests per user and minute before 429. */
    @WithDefault("300")
    int requestsPerMinute();

    /** Seed of the deterministic P-256 signing key. */
    @WithDefault("ohe-sandbox-google-health")
    String signingSeed();
}
