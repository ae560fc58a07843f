package org.openhealthexchange.provider.fitbit.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.openhealthexchange.core.http.RetryConfig;

/**
 * Configuration of the Fitbit adapter ({@code ohe.provider.fitbit.*}). Secrets have no default on purpose: an absent
 * secret makes linking report "not configured" and the webhook endpoint reject everything (fail closed).
 */
@ConfigMapping(prefix = "ohe.provider.fitbit")
public interface FitbitConfig {

    /** Whether the adapter works at all; when false every call is refused and every notification rejected. */
    @WithDefault("true")
    boolean enabled();

    /** Which API new links and syncs use: {@code google-health} (default) or {@code legacy}. */
    @WithDefault("google-health")
    String apiGeneration();

    /** Window of one intraday heart-rate Observation ({@code valueSampledData}): {@code PT1H} or {@code P1D}. */
    @WithDefault("PT1H")
    Duration heartRateWindow();

    /** Time allowed for one vendor HTTP call before it counts as unavailable. */
    @WithDefault("PT20S")
    Duration requestTimeout();

    /** The Google Health API (Google OAuth 2.0 with PKCE). */
    GoogleHealth googleHealth();

    /** The legacy Fitbit Web API (Fitbit OAuth 2.0 with PKCE and Basic client authentication). */
    Legacy legacy();

    interface GoogleHealth {
        /** OAuth client id (Google Cloud console). No default. */
        Optional<String> clientId();

        /** OAuth client secret. No default. */
        Optional<String> clientSecret();

        @WithDefault("https://accounts.google.com/o/oauth2/v2/auth")
        String authorizeUrl();

        @WithDefault("https://oauth2.googleapis.com/token")
        String tokenUrl();

        @WithDefault("https://oauth2.googleapis.com/revoke")
        String revokeUrl();

        /** Base of the data API, up to and including the version ({@code .../v4}). */
        @WithDefault("https://health.googleapis.com/v4")
        String apiBaseUrl();

        @WithDefault("https://www.googleapis.com/auth/googlehealth.activity_and_fitness.readonly,"
                + "https://www.googleapis.com/auth/googlehealth.health_metrics_and_measurements.readonly,"
                + "https://www.googleapis.com/auth/googlehealth.sleep.readonly")
        List<String> scopes();

        /**
         * The subscriber's {@code endpointAuthorization.secret}: notifications and the verification call carry it as
         * the whole {@code Authorization} header value. No default: without it every notification is refused.
         */
        Optional<String> subscriberSecret();

        /**
         * The Tink public keyset (JSON) that verifies {@code X-HEALTHAPI-SIGNATURE} (ECDSA P-256). When set, every
         * notification must carry a valid signature. No default.
         */
        Optional<String> signingKeyset();

        /**
         * Where to fetch that public keyset instead (fetched on first use, cached, fetched again for an unknown key
         * id). Local and test runs point it at the sandbox. No default.
         */
        Optional<String> signingKeysetUrl();

        /** Page size of dataPoints.list (the API's maximum is 10,000; sleep and exercise are capped at 25). */
        @WithDefault("10000")
        int pageSize();

        /** Client-side request budget per vendor user and minute (the API allows 300). */
        @WithDefault("300")
        int requestsPerMinute();
    }

    interface Legacy {
        /** OAuth client id of the Fitbit application. No default. */
        Optional<String> clientId();

        /** OAuth client secret; also the HMAC key ({@code secret + "&"}) of {@code X-Fitbit-Signature}. No default. */
        Optional<String> clientSecret();

        @WithDefault("https://www.fitbit.com/oauth2/authorize")
        String authorizeUrl();

        @WithDefault("https://api.fitbit.com/oauth2/token")
        String tokenUrl();

        @WithDefault("https://api.fitbit.com/oauth2/revoke")
        String revokeUrl();

        @WithDefault("https://api.fitbit.com")
        String apiBaseUrl();

        @WithDefault("activity,heartrate,weight,oxygen_saturation,sleep,settings,profile")
        List<String> scopes();

        /** The subscriber verification code ({@code GET ?verify=}). No default: every verification answers 404. */
        Optional<String> verificationCode();

        /** The subscriber id registered in the Fitbit app settings, used when subscribing a new link. */
        @WithDefault("1")
        String subscriberId();
    }

    /**
     * Per-call retries of transient failures, both generations ({@code ohe.provider.fitbit.retry.*}): the platform's
     * group; {@code Fitbit-Rate-Limit-Reset} counts as a {@code Retry-After}.
     */
    RetryConfig retry();
}
