package org.openhealthexchange.provider.fitbit.legacy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.openhealthexchange.core.http.Retrier;
import org.openhealthexchange.core.http.RetryBudget;
import org.openhealthexchange.core.http.RetryPolicy.Safety;
import org.openhealthexchange.core.spi.AccessTokenSource;
import org.openhealthexchange.core.spi.ProviderException;
import org.openhealthexchange.core.spi.ProviderException.Kind;
import org.openhealthexchange.provider.fitbit.FitbitSettings;

/**
 * The legacy Fitbit Web API on the wire: Basic-authenticated token calls, Bearer-authenticated data calls (one
 * refresh after {@code expired_token}/{@code invalid_token}), the per-user rate budget and Fitbit's error bodies
 * ({@code {"errors":[{"errorType":…,"message":…}]}}) turned into {@link ProviderException}s. Transient failures
 * (5xx, 429 with {@code Fitbit-Rate-Limit-Reset}, resets, timeouts) are retried per call ({@link Retrier}): GET and
 * DELETE on any of them, POST (subscribe) and the token endpoint only after a rate refusal or when no connection
 * was made. Each attempt takes its request from the per-user budget; a spent budget is not waited for.
 */
final class LegacyHttp {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String RATE_LIMIT_REMAINING = "Fitbit-Rate-Limit-Remaining";
    static final String RATE_LIMIT_RESET = "Fitbit-Rate-Limit-Reset";
    /** Metric units (kg) for body data; Fitbit picks units by {@code Accept-Language}. */
    static final String METRIC_LOCALE = "de_DE";

    /** A reply: status and parsed body ({@link MissingNode} when empty or not JSON). */
    record Reply(int status, JsonNode body) {}

    private final FitbitSettings settings;
    private final LegacyRateLimiter limiter;
    private final Retrier retrier;
    private volatile HttpClient client;

    LegacyHttp(FitbitSettings settings, LegacyRateLimiter limiter) {
        this(settings, limiter, Retrier.of(settings.retry()));
    }

    LegacyHttp(FitbitSettings settings, LegacyRateLimiter limiter, Retrier retrier) {
        this.settings = settings;
        this.limiter = limiter;
        this.retrier = retrier;
    }

    /** A fresh retry budget for the calls of one fetch. */
    RetryBudget fetchBudget() {
        return retrier.budget();
    }

    /** Built on first use, so an unused generation starts no HTTP threads. */
    private HttpClient client() {
        HttpClient c = client;
        if (c == null) {
            synchronized (this) {
                if (client == null) {
                    client = HttpClient.newBuilder()
                            .connectTimeout(settings.requestTimeout())
                            .followRedirects(HttpClient.Redirect.NEVER)
                            .build();
                }
                c = client;
            }
        }
        return c;
    }

    /** {@code POST} a form to the token or revoke endpoint with {@code Authorization: Basic base64(id:secret)}. */
    Reply clientCall(String url, Map<String, String> form) throws ProviderException {
        String id = settings.legacy().clientId().orElseThrow(() -> notConfigured());
        String secret = settings.legacy().clientSecret().orElseThrow(() -> notConfigured());
        String basic = Base64.getEncoder().encodeToString((id + ":" + secret).getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .timeout(settings.requestTimeout())
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form(form)))
                .build();
        // Single-use refresh tokens: a refresh is repeated only when Fitbit certainly did not act on it.
        return retrier.call("Fitbit " + request.uri().getPath(), Safety.UNSAFE, null, attempt -> {
            HttpResponse<String> response = send(request);
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
    Reply call(
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
    Reply call(
            String user,
            AccessTokenSource tokens,
            String method,
            String path,
            Map<String, String> headers,
            Set<Integer> accepted,
            RetryBudget budget)
            throws ProviderException {
        Safety safety = "GET".equals(method) || "DELETE".equals(method) ? Safety.IDEMPOTENT : Safety.UNSAFE;
        String[] token = new String[1];
        boolean[] refreshed = new boolean[1];
        return retrier.call("Fitbit " + method + " " + path, safety, budget, attempt -> {
            if (token[0] == null) {
                token[0] = Retrier.once(tokens::current);
            }
            return attempt(user, tokens, method, path, headers, accepted, token, refreshed);
        });
    }

    private Reply attempt(
            String user,
            AccessTokenSource tokens,
            String method,
            String path,
            Map<String, String> headers,
            Set<Integer> accepted,
            String[] tokenHolder,
            boolean[] refreshed)
            throws ProviderException {
        while (true) {
            String token = tokenHolder[0];
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
            HttpRequest.Builder b = HttpRequest.newBuilder(
                            URI.create(settings.legacy().apiBaseUrl() + path))
                    .timeout(settings.requestTimeout())
                    .header("Authorization", "Bearer " + token)
                    .header("Accept", "application/json")
                    .method(method, HttpRequest.BodyPublishers.noBody());
            headers.forEach(b::header);
            HttpResponse<String> response = send(b.build());
            if (user != null) {
                limiter.observe(
                        user,
                        intHeader(response, RATE_LIMIT_REMAINING),
                        intHeader(response, RATE_LIMIT_RESET).map(Duration::ofSeconds));
            }
            JsonNode body = parse(response.body());
            int status = response.statusCode();
            if (status / 100 == 2 || accepted.contains(status)) {
                return new Reply(status, body);
            }
            String type = errorType(body);
            if (status == 401 && !refreshed[0] && ("expired_token".equals(type) || "invalid_token".equals(type))) {
                refreshed[0] = true;
                tokenHolder[0] = Retrier.once(() -> tokens.refreshAfterRejection(token));
                continue;
            }
            ProviderException e = error(response, body);
            if (e.kind() == Kind.UNAUTHORIZED) {
                throw Retrier.doNotRetry(e);
            }
            throw e;
        }
    }

    private HttpResponse<String> send(HttpRequest request) throws ProviderException {
        try {
            return client().send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ProviderException(
                    Kind.UNAVAILABLE,
                    null,
                    "Fitbit did not answer " + request.method() + " "
                            + request.uri().getPath() + ": " + e,
                    null,
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderException(Kind.UNAVAILABLE, null, "interrupted while calling Fitbit", null, e);
        }
    }

    /** Fitbit's status and error type as the exception the core retries (or not) by. */
    static ProviderException error(HttpResponse<String> response, JsonNode body) {
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
            Duration wait = intHeader(response, RATE_LIMIT_RESET)
                    .or(() -> intHeader(response, "Retry-After"))
                    .map(Duration::ofSeconds)
                    .orElse(null);
            return new ProviderException(Kind.RATE_LIMITED, "429", what, wait, null);
        }
        if ("invalid_grant".equals(type)) {
            return new ProviderException(Kind.GRANT_REVOKED, code, what);
        }
        if ("invalid_client".equals(type) || "unauthorized_client".equals(type)) {
            return new ProviderException(Kind.REJECTED, code, what + " (check the client id and secret)");
        }
        if (status == 401) {
            return new ProviderException(Kind.UNAUTHORIZED, code, what);
        }
        if (status >= 500) {
            return new ProviderException(Kind.UNAVAILABLE, code, what);
        }
        return new ProviderException(Kind.REJECTED, code, what);
    }

    /** The first {@code errors[].errorType}, or null. */
    static String errorType(JsonNode body) {
        JsonNode t = body.path("errors").path(0).path("errorType");
        return t.isTextual() ? t.asText() : null;
    }

    static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return MissingNode.getInstance();
        }
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return MissingNode.getInstance();
        }
    }

    private static Optional<Integer> intHeader(HttpResponse<?> response, String name) {
        try {
            return response.headers().firstValue(name).map(String::trim).map(Integer::parseInt);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    static String form(Map<String, String> form) {
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
