package org.openhealthexchange.provider.withings.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.openhealthexchange.core.spi.AccessTokenSource;
import org.openhealthexchange.core.spi.ProviderException;
import org.openhealthexchange.core.spi.ProviderException.Kind;
import org.openhealthexchange.provider.withings.WithingsSettings;

/**
 * The one place that talks HTTP to Withings: form-encoded POSTs to {@code {api-base-url}{path}}, the status
 * envelope, and the single "invalid token → refresh → retry" that every data call gets.
 */
public class WithingsApiClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final WithingsSettings settings;
    private final HttpClient http;

    public WithingsApiClient(WithingsSettings settings) {
        this(settings, HttpClient.newBuilder()
                .connectTimeout(settings.requestTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build());
    }

    public WithingsApiClient(WithingsSettings settings, HttpClient http) {
        this.settings = settings;
        this.http = http;
    }

    /**
     * Calls a user-scoped service and returns its {@code body}. A 401 ("invalid token") is answered by asking
     * {@code tokens} for a fresh token once and repeating the call; a second 401 means the link needs attention.
     */
    public JsonNode call(String path, Map<String, String> form, AccessTokenSource tokens) throws ProviderException {
        String service = serviceName(path, form);
        String token = tokens.current();
        WithingsEnvelope reply = post(path, form, token);
        if (reply.status() == WithingsStatus.INVALID_TOKEN && !WithingsStatus.isInvalidGrant(reply)) {
            reply = post(path, form, tokens.refreshAfterRejection(token));
            if (reply.status() == WithingsStatus.INVALID_TOKEN) {
                throw new ProviderException(Kind.UNAUTHORIZED, "401",
                        "Withings " + service + " rejected the access token again after a refresh");
            }
        }
        if (!reply.ok()) {
            throw WithingsStatus.toException(reply, service);
        }
        return reply.body();
    }

    /**
     * Posts a form and returns the envelope, whatever its status. Throws only when no envelope came back:
     * transport failures and HTTP 5xx are {@code UNAVAILABLE}, HTTP 429 {@code RATE_LIMITED}, anything unreadable
     * {@code BAD_RESPONSE}.
     *
     * @param bearer the access token, or null for the token endpoint which authenticates by client secret
     */
    public WithingsEnvelope post(String path, Map<String, String> form, String bearer) throws ProviderException {
        String service = serviceName(path, form);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(settings.apiBaseUrl() + path))
                .timeout(settings.requestTimeout())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(WithingsForm.encode(form)));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        HttpResponse<String> response = send(request.build(), service);
        int http = response.statusCode();
        if (http == 429) {
            throw new ProviderException(Kind.RATE_LIMITED, "http-429", "Withings " + service + " answered HTTP 429",
                    retryAfter(response), null);
        }
        if (http >= 500) {
            throw new ProviderException(Kind.UNAVAILABLE, "http-" + http,
                    "Withings " + service + " answered HTTP " + http);
        }
        WithingsEnvelope envelope = parse(response.body());
        if (envelope == null) {
            Kind kind = http >= 300 ? Kind.REJECTED : Kind.BAD_RESPONSE;
            throw new ProviderException(kind, "http-" + http,
                    "Withings " + service + " answered HTTP " + http + " without a status envelope");
        }
        return envelope;
    }

    private HttpResponse<String> send(HttpRequest request, String service) throws ProviderException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            // Timeouts, refused connections, resets: all transient from our point of view.
            throw new ProviderException(Kind.UNAVAILABLE, null,
                    "Withings " + service + " unreachable: " + e.getClass().getSimpleName(), null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderException(Kind.UNAVAILABLE, null, "Interrupted while calling Withings " + service, null,
                    e);
        }
    }

    private static WithingsEnvelope parse(String body) {
        try {
            JsonNode root = JSON.readTree(body == null ? "" : body);
            if (root == null || !root.isObject() || !root.path("status").canConvertToInt()
                    || !root.path("status").isIntegralNumber()) {
                return null;
            }
            return new WithingsEnvelope(root.get("status").intValue(), root.get("body"),
                    root.path("error").isTextual() ? root.get("error").asText() : null);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static Duration retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After")
                .filter(v -> v.trim().matches("\\d{1,6}"))
                .map(v -> Duration.ofSeconds(Long.parseLong(v.trim())))
                .orElse(WithingsStatus.RATE_LIMIT_BACKOFF);
    }

    private static String serviceName(String path, Map<String, String> form) {
        String action = form.get("action");
        return action == null ? path : path + " " + action;
    }
}
