package org.openhealthexchange.provider.fitbit.legacy.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.openhealthexchange.core.http.FailureClass;
import org.openhealthexchange.core.http.HttpTimeouts;
import org.openhealthexchange.core.http.RateLimits;
import org.openhealthexchange.core.http.Retrier;
import org.openhealthexchange.core.http.RetryBudget;
import org.openhealthexchange.core.http.RetryPolicy.Safety;
import org.openhealthexchange.core.http.TokenSession;
import org.openhealthexchange.core.http.VendorHttp;
import org.openhealthexchange.core.http.VendorHttpException;
import org.openhealthexchange.core.spi.AccessTokenSource;
import org.openhealthexchange.core.spi.ProviderException;
import org.openhealthexchange.core.spi.ProviderException.Kind;

/**
 * The legacy Fitbit Web API on the wire: Basic-authenticated token calls, Bearer-authenticated data calls (one
 * refresh after {@code expired_token}/{@code invalid_token}), the per-user rate budget and Fitbit's error bodies
 * ({@code {"errors":[{"errorType":…,"message":…}]}}) turned into {@link ProviderException}s. Transient failures
 * (5xx, 429 with {@code Fitbit-Rate-Limit-Reset}, resets, timeouts) are retried per call ({@link Retrier}): GET and
 * DELETE on any of them, POST (subscribe) and the token endpoint only after a rate refusal or when no connection
 * was made. Each attempt takes its request from the per-user budget; a spent budget is not waited for.
 */
public final class LegacyHttp {

    public static final ObjectMapper JSON = new ObjectMapper();
    /** Metric units (kg) for body data; Fitbit picks units by {@code Accept-Language}. */
    public static final String METRIC_LOCALE = "de_DE";

    /** A reply: status and parsed body ({@link MissingNode} when empty or not JSON). */
    public record Reply(int status, JsonNode body) {}

    /** The Fitbit application and API. */
    public record Client(Optional<String> clientId, Optional<String> clientSecret, String apiBaseUrl) {}

    private final Client app;
    private final VendorHttp http;
    private final LegacyRateLimiter limiter;
    private final Retrier retrier;

    public LegacyHttp(Client app, HttpTimeouts timeouts, LegacyRateLimiter limiter, Retrier retrier) {
        this.app = app;
        this.http = new VendorHttp("Fitbit", timeouts); // built on first use: an unused generation starts no threads
        this.limiter = limiter;
        this.retrier = retrier;
    }

    /** A fresh retry budget for the calls of one fetch. */
    public RetryBudget fetchBudget() {
        return retrier.budget();
    }

    /** {@code POST} a form to the token or revoke endpoint with {@code Authorization: Basic base64(id:secret)}. */
    public Reply clientCall(String url, Map<String, String> form) throws ProviderException {
        String id = app.clientId().orElseThrow(() -> notConfigured());
        String secret = app.clientSecret().orElseThrow(() -> notConfigured());
        String basic = Base64.getEncoder().encodeToString((id + ":" + secret).getBytes(StandardCharsets.UTF_8));
        URI uri = URI.create(url);
        // Single-use refresh tokens: a refresh is repeated only when Fitbit certainly did not act on it.
        return retrier.call("Fitbit " + uri.getPath(), Safety.UNSAFE, null, attempt -> {
            HttpResponse<String> response = send(HttpRequest.newBuilder(uri)
                    .header("Authorization", "Basic " + basic)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(form(form))));
            Reply reply = new Reply(response.statusCode(), parse(response.body()));
            if (reply.status() / 100 != 2) {
                throw error(response, reply.body());
            }
            return reply;
        });
    }

    /**
     * A data or subscription call with the link's access token. {@code accepted} statuses besides 2xx are returned
     * rather than thrown (409 on subscribe, 404 on unsubscribe). {@code user} keys the rate budget (null: none).
     */
    public Reply call(
            String user,
            AccessTokenSource tokens,
            String method,
            String path,
            Map<String, String> headers,
            Set<Integer> accepted)
            throws ProviderException {
        return call(user, tokens, method, path, headers, accepted, null);
    }

    /** As {@link #call(String, AccessTokenSource, String, String, Map, Set)}, within a fetch's retry budget. */
    public Reply call(
            String user,
            AccessTokenSource tokens,
            String method,
            String path,
            Map<String, String> headers,
            Set<Integer> accepted,
            RetryBudget budget)
            throws ProviderException {
        Safety safety = "GET".equals(method) || "DELETE".equals(method) ? Safety.IDEMPOTENT : Safety.UNSAFE;
        TokenSession session = new TokenSession(tokens);
        return retrier.call(
                "Fitbit " + method + " " + path,
                safety,
                budget,
                attempt -> attempt(user, session, method, path, headers, accepted));
    }

    private Reply attempt(
            String user,
            TokenSession session,
            String method,
            String path,
            Map<String, String> headers,
            Set<Integer> accepted)
            throws ProviderException {
        while (true) {
            if (user != null) {
                Optional<Duration> wait = limiter.tryAcquire(user);
                if (wait.isPresent()) {
                    throw Retrier.doNotRetry(new ProviderException(
                            Kind.RATE_LIMITED,
                            "429",
                            "client-side Fitbit budget of the user is used up",
                            wait.get(),
                            null));
                }
            }
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(app.apiBaseUrl() + path))
                    .header("Authorization", "Bearer " + session.token())
                    .header("Accept", "application/json")
                    .method(method, HttpRequest.BodyPublishers.noBody());
            headers.forEach(b::header);
            HttpResponse<String> response = send(b);
            if (user != null) {
                limiter.observe(user, RateLimits.fitbitLegacy(response.headers()));
            }
            JsonNode body = parse(response.body());
            int status = response.statusCode();
            if (status / 100 == 2 || accepted.contains(status)) {
                return new Reply(status, body);
            }
            String type = errorType(body);
            if (status == 401
                    && ("expired_token".equals(type) || "invalid_token".equals(type))
                    && session.refreshAfterRejection()) {
                continue;
            }
            ProviderException e = error(response, body);
            if (e.kind() == Kind.UNAUTHORIZED) {
                throw Retrier.doNotRetry(e);
            }
            throw e;
        }
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws ProviderException {
        return http.send(request, "call");
    }

    /** Fitbit's status and error type as the exception the core retries (or not) by. */
    static ProviderException error(HttpResponse<String> response, JsonNode body) {
        return error(response, body, Clock.systemUTC());
    }

    static ProviderException error(HttpResponse<String> response, JsonNode body, Clock clock) {
        int status = response.statusCode();
        String type = errorType(body);
        String code = type != null ? type : String.valueOf(status);
        String what = "Fitbit answered " + status + (type == null ? "" : " " + type) + " to "
                + response.request().method() + " " + response.request().uri().getPath();
        if (status == 410) {
            return new ProviderException(
                    Kind.REJECTED,
                    "410",
                    "the legacy Fitbit Web API is retired (410 Gone since "
                            + "2026-09-30); switch ohe.provider.fitbit.api-generation to google-health",
                    null,
                    null);
        }
        if (status == 429) {
            Duration wait = RateLimits.fitbitLegacy(response.headers())
                    .reset()
                    .or(() -> RateLimits.retryAfter(response.headers(), clock))
                    .orElse(null);
            return new VendorHttpException(FailureClass.RATE_LIMITED, 429, "429", what, response.body(), wait);
        }
        if ("invalid_grant".equals(type)) {
            return new ProviderException(Kind.GRANT_REVOKED, code, what);
        }
        if ("invalid_client".equals(type) || "unauthorized_client".equals(type)) {
            return new ProviderException(Kind.REJECTED, code, what + " (check the client id and secret)");
        }
        FailureClass c = FailureClass.ofStatus(status);
        return new VendorHttpException(c, status, code, what, response.body(), null);
    }

    /** The first {@code errors[].errorType}, or null. */
    public static String errorType(JsonNode body) {
        JsonNode t = body.path("errors").path(0).path("errorType");
        return t.isTextual() ? t.asText() : null;
    }

    public static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return MissingNode.getInstance();
        }
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return MissingNode.getInstance();
        }
    }

    public static String form(Map<String, String> form) {
        return form.entrySet().stream()
                .filter(e -> e.getValue() != null)
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
    }

    static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static ProviderException notConfigured() {
        return new ProviderException(
                Kind.REJECTED,
                null,
                "the legacy Fitbit client is not configured (ohe.provider.fitbit.legacy.client-id / client-secret)");
    }
}
