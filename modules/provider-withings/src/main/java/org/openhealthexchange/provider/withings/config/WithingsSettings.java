package org.openhealthexchange.provider.withings.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.openhealthexchange.core.http.RetryPolicy;

/**
 * The Withings configuration as plain values, so that the client, parsers and verifiers can be built and tested
 * without CDI or a config source. Base URLs carry no trailing slash.
 */
public record WithingsSettings(
        boolean enabled,
        Optional<String> clientId,
        Optional<String> clientSecret,
        String apiBaseUrl,
        String authorizeUrl,
        List<String> scopes,
        Optional<String> callbackSecret,
        Optional<String> signingSecret,
        List<Integer> notifyApplis,
        Duration requestTimeout,
        RetryPolicy retry) {

    public static final String DEFAULT_API_BASE_URL = "https://wbsapi.withings.net";
    public static final String DEFAULT_AUTHORIZE_URL = "https://account.withings.com/oauth2_user/authorize2";

    public WithingsSettings {
        clientId = blankToEmpty(clientId);
        clientSecret = blankToEmpty(clientSecret);
        callbackSecret = blankToEmpty(callbackSecret);
        signingSecret = blankToEmpty(signingSecret);
        apiBaseUrl = stripTrailingSlash(Objects.requireNonNull(apiBaseUrl, "apiBaseUrl"));
        authorizeUrl = Objects.requireNonNull(authorizeUrl, "authorizeUrl");
        scopes = List.copyOf(scopes);
        notifyApplis = List.copyOf(notifyApplis);
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        retry = retry == null ? RetryPolicy.DEFAULT : retry;
    }

    /** Reads the CDI config mapping once. */
    public static WithingsSettings from(WithingsConfig config) {
        return new WithingsSettings(
                config.enabled(),
                config.clientId(),
                config.clientSecret(),
                config.apiBaseUrl(),
                config.authorizeUrl(),
                config.scopes(),
                config.callbackSecret(),
                config.signingSecret(),
                config.notifyApplis(),
                config.requestTimeout(),
                config.retry().policy());
    }

    /** Defaults for the given API base URL with client credentials set; convenient for tests and the sandbox. */
    public static WithingsSettings forApi(String apiBaseUrl, String clientId, String clientSecret) {
        return new WithingsSettings(
                true,
                Optional.ofNullable(clientId),
                Optional.ofNullable(clientSecret),
                apiBaseUrl,
                DEFAULT_AUTHORIZE_URL,
                List.of("user.info", "user.metrics", "user.activity"),
                Optional.empty(),
                Optional.empty(),
                List.of(1, 2, 4, 16, 44, 54),
                Duration.ofSeconds(20),
                RetryPolicy.DEFAULT);
    }

    public WithingsSettings withSecrets(String callbackSecret, String signingSecret) {
        return new WithingsSettings(
                enabled,
                clientId,
                clientSecret,
                apiBaseUrl,
                authorizeUrl,
                scopes,
                Optional.ofNullable(callbackSecret),
                Optional.ofNullable(signingSecret),
                notifyApplis,
                requestTimeout,
                retry);
    }

    public WithingsSettings withEnabled(boolean on) {
        return new WithingsSettings(
                on,
                clientId,
                clientSecret,
                apiBaseUrl,
                authorizeUrl,
                scopes,
                callbackSecret,
                signingSecret,
                notifyApplis,
                requestTimeout,
                retry);
    }

    public WithingsSettings withRetry(RetryPolicy policy) {
        return new WithingsSettings(
                enabled,
                clientId,
                clientSecret,
                apiBaseUrl,
                authorizeUrl,
                scopes,
                callbackSecret,
                signingSecret,
                notifyApplis,
                requestTimeout,
                policy);
    }

    @Override
    public String toString() {
        // Secrets never reach logs.
        return "WithingsSettings[enabled=" + enabled + ", apiBaseUrl=" + apiBaseUrl + ", authorizeUrl=" + authorizeUrl
                + ", scopes=" + scopes + ", notifyApplis=" + notifyApplis + ", requestTimeout=" + requestTimeout
                + ", retry=" + retry + "]";
    }

    private static Optional<String> blankToEmpty(Optional<String> value) {
        return value == null ? Optional.empty() : value.filter(v -> !v.isBlank());
    }

    private static String stripTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
