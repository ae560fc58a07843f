package org.openhealthexchange.provider.withings.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.Map;
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
import org.openhealthexchange.provider.withings.config.WithingsSettings;

/**
 * The one place that talks HTTP to Withings (through core's {@link VendorHttp}): form-encoded POSTs to {@code {api-base-url}{path}}, the status
 * envelope, the single "invalid token → refresh → retry" that every data call gets, and the per-call retries of
 * transient failures ({@link Retrier}: HTTP 5xx and 429, status 601 "too many requests" and 522 "timeout" in an HTTP
 * 200 envelope, resets and timeouts). Reads are retried on any of these; {@code notify subscribe|update} and the
 * token endpoint only when Withings certainly did nothing (a rate refusal, no connection).
 */
public class WithingsApiClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final WithingsSettings settings;
    private final VendorHttp http;
    private final Retrier retrier;
    /** The budget of the fetch this client view serves, or null: every call has its own. */
    private final RetryBudget budget;

    public WithingsApiClient(WithingsSettings settings) {
        this(
                settings,
                new VendorHttp("Withings", HttpTimeouts.of(settings.requestTimeout())),
                Retrier.of(settings.retry()),
                null);
    }

    public WithingsApiClient(WithingsSettings settings, HttpClient http) {
        this(settings, http, Retrier.of(settings.retry()));
    }

    public WithingsApiClient(WithingsSettings settings, HttpClient http, Retrier retrier) {
        this(settings, new VendorHttp("Withings", HttpTimeouts.of(settings.requestTimeout()), http), retrier, null);
    }

    private WithingsApiClient(WithingsSettings settings, VendorHttp http, Retrier retrier, RetryBudget budget) {
        this.settings = settings;
        this.http = http;
        this.retrier = retrier;
        this.budget = budget;
    }

    /** This client with one retry budget for all calls of a fetch ({@code ohe.provider.withings.retry.budget}). */
    public WithingsApiClient forFetch() {
        return new WithingsApiClient(settings, http, retrier, retrier.budget());
    }

    /**
     * Calls a user-scoped service and returns its {@code body}. A 401 ("invalid token") is answered by asking
     * {@code tokens} for a fresh token once and repeating the call; a second 401 means the link needs attention.
     * Transient failures are retried per {@code ohe.provider.withings.retry.*}.
     */
    public JsonNode call(String path, Map<String, String> form, AccessTokenSource tokens) throws ProviderException {
        String service = serviceName(path, form);
        String action = form.getOrDefault("action", "");
        Safety safety = path.endsWith("/notify") && ("subscribe".equals(action) || "update".equals(action))
                ? Safety.UNSAFE
                : Safety.IDEMPOTENT;
        TokenSession session = new TokenSession(tokens);
        try {
            return retrier.call("Withings " + service, safety, budget, attempt -> {
                WithingsEnvelope reply = post(path, form, session.token());
                if (reply.status() == WithingsStatus.INVALID_TOKEN && !WithingsStatus.isInvalidGrant(reply)) {
                    if (session.refreshAfterRejection()) {
                        reply = post(path, form, session.token());
                    }
                    if (reply.status() == WithingsStatus.INVALID_TOKEN) {
                        throw TokenSession.refusedAgain(
                                "401", "Withings " + service + " rejected the access token again after a refresh");
                    }
                }
                if (!reply.ok()) {
                    throw attemptFailure(reply, service);
                }
                return reply.body();
            });
        } catch (ProviderException e) {
            throw forJob(e);
        }
    }

    /**
     * Posts to the token endpoint (authenticated by the client secret in {@code form}) and returns the envelope. An
     * exchange or refresh has an effect at Withings (a code is spent, a refresh token rotated), so it is repeated
     * only after a rate refusal (HTTP 429, status 601) or when no connection was made.
     */
    public WithingsEnvelope postToken(String path, Map<String, String> form) throws ProviderException {
        String service = serviceName(path, form);
        try {
            return retrier.call("Withings " + service, Safety.UNSAFE, budget, attempt -> {
                WithingsEnvelope reply = post(path, form, null);
                if (reply.status() == WithingsStatus.TOO_MANY_REQUESTS) {
                    throw attemptFailure(reply, service);
                }
                return reply;
            });
        } catch (ProviderException e) {
            throw forJob(e);
        }
    }

    /**
     * The failure of one attempt. A 601 carries no delay here, so the retry loop backs off by its own schedule
     * rather than a minute at once; {@link #forJob} gives the final failure Withings' minute.
     */
    private static ProviderException attemptFailure(WithingsEnvelope reply, String service) {
        ProviderException e = WithingsStatus.toException(reply, service);
        if (e.kind() == Kind.RATE_LIMITED) {
            return new ProviderException(Kind.RATE_LIMITED, e.vendorCode().orElse(null), e.getMessage());
        }
        return e;
    }

    /** The failure the job sees: a rate limit without the vendor's own delay gets Withings' per-minute window. */
    private static ProviderException forJob(ProviderException e) {
        if (e.kind() == Kind.RATE_LIMITED && e.retryAfter().isEmpty()) {
            return new ProviderException(
                    Kind.RATE_LIMITED,
                    e.vendorCode().orElse(null),
                    e.getMessage(),
                    WithingsStatus.RATE_LIMIT_BACKOFF,
                    e.getCause());
        }
        return e;
    }

    /**
     * Posts a form once and returns the envelope, whatever its status. Throws only when no envelope came back:
     * transport failures and HTTP 5xx are {@code UNAVAILABLE}, HTTP 429 {@code RATE_LIMITED} (with the
     * {@code Retry-After} it gave, if any), anything unreadable {@code BAD_RESPONSE}.
     *
     * @param bearer the access token, or null for the token endpoint which authenticates by client secret
     */
    public WithingsEnvelope post(String path, Map<String, String> form, String bearer) throws ProviderException {
        String service = serviceName(path, form);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(settings.apiBaseUrl() + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(WithingsForm.encode(form)));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        HttpResponse<String> response = this.http.send(request, service);
        int http = response.statusCode();
        if (http == 429 || http >= 500) {
            throw new VendorHttpException(
                    FailureClass.ofStatus(http),
                    http,
                    "http-" + http,
                    "Withings " + service + " answered HTTP " + http,
                    response.body(),
                    RateLimits.retryAfter(response.headers(), Clock.systemUTC()).orElse(null));
        }
        WithingsEnvelope envelope = parse(response.body());
        if (envelope == null) {
            Kind kind = http >= 300 ? Kind.REJECTED : Kind.BAD_RESPONSE;
            throw new ProviderException(
                    kind,
                    "http-" + http,
                    "Withings " + service + " answered HTTP " + http + " without a status envelope");
        }
        return envelope;
    }

    private static WithingsEnvelope parse(String body) {
        try {
            JsonNode root = JSON.readTree(body == null ? "" : body);
            if (root == null
                    || !root.isObject()
                    || !root.path("status").canConvertToInt()
                    || !root.path("status").isIntegralNumber()) {
                return null;
            }
            return new WithingsEnvelope(
                    root.get("status").intValue(),
                    root.get("body"),
                    root.path("error").isTextual() ? root.get("error").asText() : null);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static String serviceName(String path, Map<String, String> form) {
        String action = form.get("action");
        return action == null ? path : path + " " + action;
    }
}
