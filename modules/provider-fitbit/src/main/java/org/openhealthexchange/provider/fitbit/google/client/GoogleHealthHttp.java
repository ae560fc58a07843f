package org.openhealthexchange.provider.fitbit.google.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import org.openhealthexchange.core.http.CallBudgets;
import org.openhealthexchange.core.http.FailureClass;
import org.openhealthexchange.core.http.HttpTimeouts;
import org.openhealthexchange.core.http.LocalCallBudget;
import org.openhealthexchange.core.http.RateLimits;
import org.openhealthexchange.core.http.Retrier;
import org.openhealthexchange.core.http.RetryBudget;
import org.openhealthexchange.core.http.RetryPolicy.Safety;
import org.openhealthexchange.core.http.Sleeper;
import org.openhealthexchange.core.http.TokenSession;
import org.openhealthexchange.core.http.VendorHttp;
import org.openhealthexchange.core.http.VendorHttpException;
import org.openhealthexchange.core.spi.AccessTokenSource;
import org.openhealthexchange.core.spi.CallBudget;
import org.openhealthexchange.core.spi.ProviderException;
import org.openhealthexchange.core.spi.ProviderException.Kind;

/**
 * The Google Health API on the wire, through core's toolkit: one {@link VendorHttp} (timeouts, no redirects), the
 * {@link Retrier} (5xx, 429, resets and timeouts retried with jittered backoff; a {@code Retry-After} or a
 * {@code google.rpc.RetryInfo} delay is the least wait), the per-user budget of {@code requestsPerMinute} spent by
 * every attempt (the deployment-wide {@link CallBudget} of the fetch, else this process's own), and the one token
 * refresh per call after a 401 ({@link TokenSession}).
 */
public final class GoogleHealthHttp {

    /** Key prefix of the per-user bucket in a shared {@link CallBudget}. */
    public static final String BUDGET_PREFIX = "fitbit:google-health:";

    /** Waits for the client-side budget up to this long in-process; longer waits end the fetch (RATE_LIMITED). */
    static final Duration MAX_INLINE_WAIT = Duration.ofSeconds(2);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final VendorHttp http;
    private final Retrier retrier;
    private final CallBudgets budgets;
    private final LocalCallBudget local;
    private final Clock clock;

    public GoogleHealthHttp(HttpTimeouts timeouts, Retrier retrier, int requestsPerMinute, Clock clock) {
        this.http = new VendorHttp("Google Health API", timeouts);
        this.retrier = retrier;
        this.budgets =
                new CallBudgets(Math.max(1, requestsPerMinute), Duration.ofMinutes(1), MAX_INLINE_WAIT, Sleeper.SYSTEM);
        this.local = new LocalCallBudget(clock);
        this.clock = clock;
    }

    public Retrier retrier() {
        return retrier;
    }

    /** A fresh retry budget for the calls of one fetch. */
    public RetryBudget fetchBudget() {
        return retrier.budget();
    }

    /**
     * One authorized GET of a JSON object: a 401 refreshes the token once and repeats; a transient failure is
     * retried within {@code retries}. Every attempt first takes its call from {@code user}'s budget.
     */
    public JsonNode get(URI uri, AccessTokenSource tokens, String user, CallBudget shared, RetryBudget retries)
            throws ProviderException {
        TokenSession session = new TokenSession(tokens);
        CallBudget budget = shared != null ? shared : local;
        return retrier.call("Google Health " + uri.getPath(), Safety.IDEMPOTENT, retries, attempt -> {
            while (true) {
                budgets.spend(budget, BUDGET_PREFIX + user, "Google Health API");
                HttpResponse<String> r = send(HttpRequest.newBuilder(uri)
                        .header("Authorization", "Bearer " + session.token())
                        .header("Accept", "application/json")
                        .GET());
                if (r.statusCode() == 401) {
                    if (session.refreshAfterRejection()) {
                        continue;
                    }
                    throw TokenSession.refusedAgain("401", "Google Health API refused a fresh token");
                }
                check(r);
                return json(r.body());
            }
        });
    }

    /** Sends once (no retry, no budget): token, revoke and identity calls build their own retries around it. */
    public HttpResponse<String> send(HttpRequest.Builder request) throws ProviderException {
        return http.send(request, "call");
    }

    /**
     * Maps a non-2xx status to the failure kind (401 is handled by the callers): 429 and 5xx carry the delay
     * Google asked for, a {@code Retry-After} header or else a {@code google.rpc.RetryInfo} in the body.
     */
    public void check(HttpResponse<String> r) throws ProviderException {
        int s = r.statusCode();
        if (s >= 200 && s < 300) {
            return;
        }
        FailureClass c = FailureClass.ofStatus(s);
        String message =
                switch (c) {
                    case RATE_LIMITED -> "Google Health API rate limit";
                    case TRANSIENT -> "Google Health API answered " + s;
                    case AUTH -> "Google Health API refused the token";
                    case PERMANENT -> "Google Health API refused the request (" + s + ")";
                };
        Duration wait = c.retryable()
                ? RateLimits.retryAfter(r.headers(), clock)
                        .or(() -> RateLimits.googleRetryInfo(r.body()))
                        .orElse(null)
                : null;
        throw new VendorHttpException(c, s, String.valueOf(s), message, r.body(), wait);
    }

    /** The reply as a JSON object, else {@code BAD_RESPONSE}. */
    public static JsonNode json(String body) throws ProviderException {
        try {
            JsonNode n = JSON.readTree(body);
            if (n == null || !n.isObject()) {
                throw bad("reply is not a JSON object");
            }
            return n;
        } catch (IOException e) {
            throw bad("reply is not JSON");
        }
    }

    /** The reply as JSON, an empty object when it is none (error bodies). */
    static JsonNode optionalJson(String body) {
        try {
            JsonNode n = JSON.readTree(body);
            return n == null ? JSON.createObjectNode() : n;
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }

    /** Form or query encoding, spaces as {@code %20}. */
    public static String form(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&"));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static ProviderException bad(String message) {
        return new ProviderException(Kind.BAD_RESPONSE, null, "Google Health API: " + message);
    }
}
