package org.openhealthexchange.provider.withings.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.openhealthexchange.core.http.RetryConfig;

/**
 * Configuration of the Withings adapter ({@code ohe.provider.withings.*}). Optional keys have no default on purpose:
 * an absent secret is the safe default (notifications then fail closed, linking reports "not configured").
 */
@ConfigMapping(prefix = "ohe.provider.withings")
public interface WithingsConfig {

    /** Whether the adapter works at all; when false every call is refused and every notification rejected. */
    @WithDefault("true")
    boolean enabled();

    /** OAuth client id of the Withings partner application (developer dashboard). No default. */
    Optional<String> clientId();

    /** OAuth client secret of the Withings partner application. No default; keep it in a secret store. */
    Optional<String> clientSecret();

    /** Base URL of the Withings API; point it at the sandbox for local runs and tests. */
    @WithDefault("https://wbsapi.withings.net")
    String apiBaseUrl();

    /** The Withings authorize endpoint the end user is redirected to when linking. */
    @WithDefault("https://account.withings.com/oauth2_user/authorize2")
    String authorizeUrl();

    /** Scopes requested when linking; Withings expects them comma separated. */
    @WithDefault("user.info,user.metrics,user.activity")
    List<String> scopes();

    /**
     * Secret appended as {@code ?token=} to the notification callback URL we register, and required on every
     * notification. Withings does not sign notifications, so this is what authenticates them. No default.
     */
    Optional<String> callbackSecret();

    /**
     * When set, notifications must also carry {@code X-Withings-Signature: sha256=<hex HMAC-SHA256(secret, body)>}
     * (added by a signing gateway in front of OHE; Withings itself never signs). No default.
     */
    Optional<String> signingSecret();

    /**
     * Notification categories ({@code appli}) subscribed when a user links: body, temperature, BP/heart, activity,
     * sleep, ECG.
     */
    @WithDefault("1,2,4,16,44,54")
    List<Integer> notifyApplis();

    /** Time allowed for one Withings HTTP call before it counts as unavailable. */
    @WithDefault("PT20S")
    Duration requestTimeout();

    /** Per-call retries of transient failures ({@code ohe.provider.withings.retry.*}): the platform's group. */
    RetryConfig retry();
}
