package org.openhealthexchange.provider.fitbit.google.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.openhealthexchange.core.http.RetryPolicy.Safety;
import org.openhealthexchange.core.spi.AuthorizationRequest;
import org.openhealthexchange.core.spi.ProviderException;
import org.openhealthexchange.core.spi.ProviderException.Kind;
import org.openhealthexchange.core.spi.TokenGrant;

/**
 * Google OAuth 2.0 for the Google Health API: authorization code with PKCE (S256),
 * {@code access_type=offline&prompt=consent} so Google returns a refresh token, the token endpoint called with
 * {@code client_secret_post}. The link's external user id is the {@code healthUserId} of
 * {@code GET /users/me/identity}. A refresh reply without a {@code refresh_token} keeps the old one. Token calls
 * are repeated only when Google certainly did not act (a rate refusal, no connection); revoke and identity on any
 * transient failure.
 */
public final class GoogleOAuthClient {

    /** Where and as whom: the configured OAuth client and endpoints. */
    public record Endpoints(
            Optional<String> clientId,
            Optional<String> clientSecret,
            String authorizeUrl,
            String tokenUrl,
            String revokeUrl,
            String apiBaseUrl,
            List<String> scopes) {}

    private final Endpoints endpoints;
    private final GoogleHealthHttp http;
    private final Clock clock;

    public GoogleOAuthClient(Endpoints endpoints, GoogleHealthHttp http, Clock clock) {
        this.endpoints = endpoints;
        this.http = http;
        this.clock = clock;
    }

    public URI authorizationUrl(AuthorizationRequest request) {
        String clientId = endpoints
                .clientId()
                .orElseThrow(() ->
                        new IllegalStateException("ohe.provider.fitbit.google-health.client-id is not configured"));
        Map<String, String> q = new LinkedHashMap<>();
        q.put("client_id", clientId);
        q.put("redirect_uri", request.redirectUri());
        q.put("response_type", "code");
        q.put("scope", String.join(" ", endpoints.scopes()));
        q.put("state", request.state());
        if (request.codeChallenge() != null) {
            q.put("code_challenge", request.codeChallenge());
            q.put("code_challenge_method", "S256");
        }
        q.put("access_type", "offline");
        q.put("prompt", "consent");
        String base = endpoints.authorizeUrl();
        return URI.create(base + (base.contains("?") ? "&" : "?") + GoogleHealthHttp.form(q));
    }

    public TokenGrant exchange(String code, String redirectUri, String codeVerifier) throws ProviderException {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("grant_type", "authorization_code");
        f.put("code", code);
        f.put("redirect_uri", redirectUri);
        if (codeVerifier != null) {
            f.put("code_verifier", codeVerifier);
        }
        TokenGrant partial = grant(tokenCall(f, false), null);
        String healthUserId = identity(partial.accessToken());
        return new TokenGrant(
                healthUserId, partial.accessToken(), partial.refreshToken(), partial.expiresAt(), partial.scopes());
    }

    public TokenGrant refresh(String refreshToken) throws ProviderException {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("grant_type", "refresh_token");
        f.put("refresh_token", refreshToken);
        return grant(tokenCall(f, true), refreshToken);
    }

    public void revoke(TokenGrant grant) throws ProviderException {
        String token = grant.refreshToken() != null ? grant.refreshToken() : grant.accessToken();
        // Revoking twice is harmless (the second answers 400 invalid_token): every transient failure is retried.
        http.retrier().call("Google revoke", Safety.IDEMPOTENT, null, attempt -> {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(endpoints.revokeUrl()))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(GoogleHealthHttp.form(Map.of("token", token)))));
            if (r.statusCode() != 400) { // 400 invalid_token: already revoked or expired, which is what we wanted
                http.check(r);
            }
            return null;
        });
    }

    /** The {@code healthUserId} of the token's user ({@code GET /users/me/identity}). */
    public String identity(String accessToken) throws ProviderException {
        HttpResponse<String> r = http.retrier().call("Google Health identity", Safety.IDEMPOTENT, null, attempt -> {
            HttpResponse<String> reply =
                    http.send(HttpRequest.newBuilder(URI.create(endpoints.apiBaseUrl() + "/users/me/identity"))
                            .header("Authorization", "Bearer " + accessToken)
                            .GET());
            http.check(reply);
            return reply;
        });
        String id = GoogleHealthHttp.json(r.body()).path("healthUserId").asText("");
        if (id.isBlank()) {
            throw GoogleHealthHttp.bad("identity without healthUserId");
        }
        return id;
    }

    private JsonNode tokenCall(Map<String, String> fields, boolean refreshing) throws ProviderException {
        Map<String, String> f = new LinkedHashMap<>(fields);
        f.put("client_id", endpoints.clientId().orElseThrow(() -> notConfigured("client-id")));
        f.put("client_secret", endpoints.clientSecret().orElseThrow(() -> notConfigured("client-secret")));
        // An exchange spends the code, a refresh may rotate the token: repeated only when Google certainly did not act.
        HttpResponse<String> r = http.retrier().call("Google token", Safety.UNSAFE, null, attempt -> {
            HttpResponse<String> reply = http.send(HttpRequest.newBuilder(URI.create(endpoints.tokenUrl()))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(GoogleHealthHttp.form(f))));
            if (reply.statusCode() == 429) {
                http.check(reply);
            }
            return reply;
        });
        int s = r.statusCode();
        if (s == 400 || s == 401) {
            String error = GoogleHealthHttp.optionalJson(r.body()).path("error").asText("");
            if (refreshing && "invalid_grant".equals(error)) {
                throw new ProviderException(Kind.GRANT_REVOKED, error, "Google refused the refresh token");
            }
            throw new ProviderException(
                    Kind.REJECTED,
                    error.isEmpty() ? String.valueOf(s) : error,
                    "Google token endpoint refused the request (" + s + ")");
        }
        http.check(r);
        return GoogleHealthHttp.json(r.body());
    }

    private TokenGrant grant(JsonNode body, String previousRefresh) throws ProviderException {
        String access = body.path("access_token").asText("");
        if (access.isEmpty()) {
            throw GoogleHealthHttp.bad("token reply without access_token");
        }
        String refresh = body.path("refresh_token").asText("");
        long expiresIn = body.path("expires_in").asLong(3600);
        Set<String> scopes = Arrays.stream(body.path("scope").asText("").split(" "))
                .filter(s -> !s.isBlank())
                .collect(Collectors.toSet());
        return new TokenGrant(
                null,
                access,
                refresh.isEmpty() ? previousRefresh : refresh,
                clock.instant().plusSeconds(expiresIn),
                scopes);
    }

    private static ProviderException notConfigured(String what) {
        return new ProviderException(
                Kind.REJECTED, null, "ohe.provider.fitbit.google-health." + what + " is not configured");
    }
}
