package org.openhealthexchange.provider.fitbit.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.openhealthexchange.core.http.RetryPolicy;

/**
 * The Fitbit configuration as plain values, so clients, parsers and verifiers can be built and tested without CDI.
 * Base URLs carry no trailing slash; blank secrets count as absent. {@code toString} never prints a secret.
 */
public record FitbitSettings(
        boolean enabled,
        String apiGeneration,
        Duration heartRateWindow,
        Duration requestTimeout,
        Google google,
        Legacy legacy,
        RetryPolicy retry) {

    public record Google(
            Optional<String> clientId,
            Optional<String> clientSecret,
            String authorizeUrl,
            String tokenUrl,
            String revokeUrl,
            String apiBaseUrl,
            List<String> scopes,
            Optional<String> subscriberSecret,
            Optional<String> signingKeyset,
            Optional<String> signingKeysetUrl,
            int pageSize,
            int requestsPerMinute) {

        public Google {
            clientId = present(clientId);
            clientSecret = present(clientSecret);
            subscriberSecret = present(subscriberSecret);
            signingKeyset = present(signingKeyset);
            signingKeysetUrl = present(signingKeysetUrl);
            apiBaseUrl = strip(apiBaseUrl);
            scopes = List.copyOf(scopes);
        }

        public Google withApiBase(String base) {
            return new Google(
                    clientId,
                    clientSecret,
                    authorizeUrl,
                    tokenUrl,
                    revokeUrl,
                    base,
                    scopes,
                    subscriberSecret,
                    signingKeyset,
                    signingKeysetUrl,
                    pageSize,
                    requestsPerMinute);
        }

        public Google withSecrets(String subscriberSecret, String signingKeyset) {
            return new Google(
                    clientId,
                    clientSecret,
                    authorizeUrl,
                    tokenUrl,
                    revokeUrl,
                    apiBaseUrl,
                    scopes,
                    Optional.ofNullable(subscriberSecret),
                    Optional.ofNullable(signingKeyset),
                    signingKeysetUrl,
                    pageSize,
                    requestsPerMinute);
        }

        @Override
        public String toString() {
            return "Google[apiBaseUrl=" + apiBaseUrl + ", authorizeUrl=" + authorizeUrl + ", tokenUrl=" + tokenUrl
                    + ", pageSize=" + pageSize + ", requestsPerMinute=" + requestsPerMinute + "]";
        }
    }

    public record Legacy(
            Optional<String> clientId,
            Optional<String> clientSecret,
            String authorizeUrl,
            String tokenUrl,
            String revokeUrl,
            String apiBaseUrl,
            List<String> scopes,
            Optional<String> verificationCode,
            String subscriberId) {

        public Legacy {
            clientId = present(clientId);
            clientSecret = present(clientSecret);
            verificationCode = present(verificationCode);
            apiBaseUrl = strip(apiBaseUrl);
            scopes = List.copyOf(scopes);
        }

        public Legacy withVerificationCode(String code) {
            return new Legacy(
                    clientId,
                    clientSecret,
                    authorizeUrl,
                    tokenUrl,
                    revokeUrl,
                    apiBaseUrl,
                    scopes,
                    Optional.ofNullable(code),
                    subscriberId);
        }

        @Override
        public String toString() {
            return "Legacy[apiBaseUrl=" + apiBaseUrl + ", authorizeUrl=" + authorizeUrl + ", tokenUrl=" + tokenUrl
                    + ", subscriberId=" + subscriberId + "]";
        }
    }

    public FitbitSettings {
        if (!Fitbit.GOOGLE_HEALTH.equals(apiGeneration) && !Fitbit.LEGACY.equals(apiGeneration)) {
            throw new IllegalArgumentException("ohe.provider.fitbit.api-generation must be " + Fitbit.GOOGLE_HEALTH
                    + " or " + Fitbit.LEGACY + ", not '" + apiGeneration + "'");
        }
        if (!heartRateWindow.equals(Duration.ofHours(1)) && !heartRateWindow.equals(Duration.ofDays(1))) {
            throw new IllegalArgumentException("ohe.provider.fitbit.heart-rate-window must be PT1H or P1D");
        }
        retry = retry == null ? RetryPolicy.DEFAULT : retry;
    }

    public static FitbitSettings from(FitbitConfig c) {
        var g = c.googleHealth();
        var l = c.legacy();
        return new FitbitSettings(
                c.enabled(),
                c.apiGeneration(),
                c.heartRateWindow(),
                c.requestTimeout(),
                new Google(
                        g.clientId(),
                        g.clientSecret(),
                        g.authorizeUrl(),
                        g.tokenUrl(),
                        g.revokeUrl(),
                        g.apiBaseUrl(),
                        g.scopes(),
                        g.subscriberSecret(),
                        g.signingKeyset(),
                        g.signingKeysetUrl(),
                        g.pageSize(),
                        g.requestsPerMinute()),
                new Legacy(
                        l.clientId(),
                        l.clientSecret(),
                        l.authorizeUrl(),
                        l.tokenUrl(),
                        l.revokeUrl(),
                        l.apiBaseUrl(),
                        l.scopes(),
                        l.verificationCode(),
                        l.subscriberId()),
                c.retry().policy());
    }

    /**
     * Settings for tests and the sandbox: both generations pointed at {@code sandboxBase} (the sandbox's
     * {@code /sandbox/google-health} and {@code /sandbox/fitbit} roots below it), with the given client credentials.
     */
    public static FitbitSettings forSandbox(
            String sandboxBase, String generation, String clientId, String clientSecret) {
        String base = strip(sandboxBase);
        String g = base + "/sandbox/google-health";
        String f = base + "/sandbox/fitbit";
        return new FitbitSettings(
                true,
                generation,
                Duration.ofHours(1),
                Duration.ofSeconds(20),
                new Google(
                        Optional.ofNullable(clientId),
                        Optional.ofNullable(clientSecret),
                        g + "/o/oauth2/v2/auth",
                        g + "/token",
                        g + "/revoke",
                        g + "/v4",
                        List.of("googlehealth.activity_and_fitness.readonly"),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        10000,
                        300),
                new Legacy(
                        Optional.ofNullable(clientId),
                        Optional.ofNullable(clientSecret),
                        f + "/oauth2/authorize",
                        f + "/oauth2/token",
                        f + "/oauth2/revoke",
                        f,
                        List.of("activity", "heartrate"),
                        Optional.empty(),
                        "1"),
                RetryPolicy.DEFAULT);
    }

    public FitbitSettings withGeneration(String generation) {
        return new FitbitSettings(enabled, generation, heartRateWindow, requestTimeout, google, legacy, retry);
    }

    public FitbitSettings withHeartRateWindow(Duration window) {
        return new FitbitSettings(enabled, apiGeneration, window, requestTimeout, google, legacy, retry);
    }

    public FitbitSettings withGoogle(Google g) {
        return new FitbitSettings(enabled, apiGeneration, heartRateWindow, requestTimeout, g, legacy, retry);
    }

    public FitbitSettings withLegacy(Legacy l) {
        return new FitbitSettings(enabled, apiGeneration, heartRateWindow, requestTimeout, google, l, retry);
    }

    public FitbitSettings withRetry(RetryPolicy policy) {
        return new FitbitSettings(enabled, apiGeneration, heartRateWindow, requestTimeout, google, legacy, policy);
    }

    private static Optional<String> present(Optional<String> v) {
        return v == null ? Optional.empty() : v.filter(s -> !s.isBlank());
    }

    private static String strip(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
