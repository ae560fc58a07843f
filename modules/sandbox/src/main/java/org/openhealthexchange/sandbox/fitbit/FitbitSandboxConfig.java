package org.openhealthexchange.sandbox.fitbit;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.time.LocalDate;

/** The legacy Fitbit Web API simulator ({@code ohe.sandbox.fitbit.*}); served only when the sandbox is enabled. */
@ConfigMapping(prefix = "ohe.sandbox.fitbit")
public interface FitbitSandboxConfig {

    /** The one registered application's client id. */
    @WithDefault("sandbox-client")
    String clientId();

    /** Its client secret (also the HMAC key, with {@code &} appended, of {@code X-Fitbit-Signature}). */
    @WithDefault("sandbox-secret")
    String clientSecret();

    /** The subscriber id of the application's subscriber endpoint. */
    @WithDefault("1")
    String subscriberId();

    /** The verification code the simulator sends when it verifies a subscriber endpoint. */
    @WithDefault("sandbox-verification-code")
    String verificationCode();

    /** How long an authorization code can be exchanged. */
    @WithDefault("PT10M")
    Duration codeLifetime();

    /** How long an access token works (Fitbit: 8 hours). */
    @WithDefault("PT8H")
    Duration accessTokenLifetime();

    /** The first day with data; earlier days are empty. */
    @WithDefault("2025-01-01")
    LocalDate historyStart();

    /** Every simulated user's time zone (legacy times are local, without offset). */
    @WithDefault("Europe/Berlin")
    String timezone();

    /** Requests per user and clock hour before 429 (Fitbit: 150). */
    @WithDefault("150")
    int rateLimitPerHour();

    /** Time allowed for a verification or notification call to the subscriber endpoint. */
    @WithDefault("PT5S")
    Duration callbackTimeout();
}
