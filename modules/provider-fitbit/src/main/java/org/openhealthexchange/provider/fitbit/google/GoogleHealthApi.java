package org.openhealthexchange.provider.fitbit.google;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.openhealthexchange.core.http.Retrier;
import org.openhealthexchange.core.http.RetryBudget;
import org.openhealthexchange.core.http.RetryPolicy.Safety;
import org.openhealthexchange.core.record.DataType;
import org.openhealthexchange.core.record.DeviceInfo;
import org.openhealthexchange.core.record.HealthRecord;
import org.openhealthexchange.core.spi.AccessTokenSource;
import org.openhealthexchange.core.spi.AuthorizationRequest;
import org.openhealthexchange.core.spi.CallBudget;
import org.openhealthexchange.core.spi.FetchOutcome;
import org.openhealthexchange.core.spi.FetchRequest;
import org.openhealthexchange.core.spi.ProviderException;
import org.openhealthexchange.core.spi.ProviderException.Kind;
import org.openhealthexchange.core.spi.RecordBatchConsumer;
import org.openhealthexchange.core.spi.TokenGrant;
import org.openhealthexchange.provider.fitbit.Fitbit;
import org.openhealthexchange.provider.fitbit.FitbitApi;
import org.openhealthexchange.provider.fitbit.FitbitSettings;
import org.openhealthexchange.provider.fitbit.mapping.HeartRateWindows;

/**
 * The Google Health API ({@code https://health.googleapis.com/v4}) behind Google OAuth 2.0.
 *
 * <p>Linking: authorization code with PKCE (S256), {@code access_type=offline&prompt=consent} so Google returns a
 * refresh token; the token endpoint is called with {@code client_secret_post}. The link's external user id is the
 * {@code healthUserId} of {@code GET /users/me/identity}, the id that notifications carry. A refresh reply without a
 * {@code refresh_token} keeps the old one; one with a new token replaces it (treated as rotated).
 *
 * <p>Fetch: {@code GET /users/me/dataTypes/{type}/dataPoints?filter=…&pageSize=…&pageToken=…} per type. Intraday
 * heart rate and steps are read for the whole job window at once (widened to whole heart-rate windows, steps to
 * whole days; a job covers at most {@code syncChunk}, 28 days, so at most 40,320 samples are held) in pages of up to
 * 10,000 points, and become {@link HeartRateWindows} series; steps also yield daily totals. A year's backfill is
 * thus about 150 requests, within the API's 300 a minute per user. A 401 refreshes the token once. Transient
 * failures (5xx, 429 with its {@code Retry-After}, resets, timeouts) are retried per call within one budget per
 * fetch ({@code ohe.provider.fitbit.retry.*}), each attempt taking its call from the per-user budget; a spent
 * client-side budget ({@code requestsPerMinute}) or a Retry-After beyond the fetch's budget ends the fetch with
 * {@code RATE_LIMITED}. Token calls are repeated only after a rate refusal or when no connection was made.
 *
 * <p>Subscriptions: the Google Health API registers one subscriber per project (not per user) whose data types use
 * the {@code AUTOMATIC} creation policy: every consenting user's changes are notified without a per-user
 * subscription. {@link #subscribe} and {@link #unsubscribe} are therefore no-ops; the subscriber is registered once
 * by an operator ({@code projects.subscribers.create}).
 */
public class GoogleHealthApi implements FitbitApi {

    static final int BATCH = 500;
    private static final Duration DAY = Duration.ofDays(1);
    /** Key prefix of the per-user bucket in a shared {@link CallBudget}. */
    static final String BUDGET_PREFIX = "fitbit:google-health:";

    /** Waits for the client-side budget up to this long in-process; longer waits end the fetch (RATE_LIMITED). */
    private static final Duration MAX_INLINE_WAIT = Duration.ofSeconds(2);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final FitbitSettings settings;
    private final Clock clock;
    private final HttpClient http;
    private final RequestBudget budget;
    private final Retrier retrier;

    public GoogleHealthApi(FitbitSettings settings) {
        this(settings, Clock.systemUTC());
    }

    GoogleHealthApi(FitbitSettings settings, Clock clock) {
        this(settings, clock, Retrier.of(settings.retry()));
    }

    GoogleHealthApi(FitbitSettings settings, Clock clock, Retrier retrier) {
        this.settings = settings;
        this.clock = clock;
        this.retrier = retrier;
        this.http = HttpClient.newBuilder()
                .connectTimeout(settings.requestTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.budget = new RequestBudget(settings.google().requestsPerMinute(), clock);
    }

    @Override
    public String generation() {
        return Fitbit.GOOGLE_HEALTH;
    }

    // ---------------------------------------------------------------- OAuth

    @Override
    public URI authorizationUrl(AuthorizationRequest request) {
        var g = settings.google();
        String clientId = g.clientId()
                .orElseThrow(() ->
                        new IllegalStateException("ohe.provider.fitbit.google-health.client-id is not configured"));
        Map<String, String> q = new LinkedHashMap<>();
        q.put("client_id", clientId);
        q.put("redirect_uri", request.redirectUri());
        q.put("response_type", "code");
        q.put("scope", String.join(" ", g.scopes()));
        q.put("state", request.state());
        if (request.codeChallenge() != null) {
            q.put("code_challenge", request.codeChallenge());
            q.put("code_challenge_method", "S256");
        }
        q.put("access_type", "offline");
        q.put("prompt", "consent");
        String base = g.authorizeUrl();
        return URI.create(base + (base.contains("?") ? "&" : "?") + form(q));
    }

    @Override
    public TokenGrant exchange(String code, String redirectUri, String codeVerifier) throws ProviderException {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("grant_type", "authorization_code");
        f.put("code", code);
        f.put("redirect_uri", redirectUri);
        if (codeVerifier != null) {
            f.put("code_verifier", codeVerifier);
        }
        JsonNode body = tokenCall(f, false);
        TokenGrant partial = grant(body, null, null);
        String healthUserId = identity(partial.accessToken());
        return new TokenGrant(
                healthUserId, partial.accessToken(), partial.refreshToken(), partial.expiresAt(), partial.scopes());
    }

    @Override
    public TokenGrant refresh(String refreshToken) throws ProviderException {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("grant_type", "refresh_token");
        f.put("refresh_token", refreshToken);
        return grant(tokenCall(f, true), null, refreshToken);
    }

    @Override
    public void revoke(TokenGrant grant) throws ProviderException {
        String token = grant.refreshToken() != null ? grant.refreshToken() : grant.accessToken();
        // Revoking twice is harmless (the second answers 400 invalid_token): every transient failure is retried.
        retrier.call("Google revoke", Safety.IDEMPOTENT, null, attempt -> {
            HttpResponse<String> r =
                    send(HttpRequest.newBuilder(URI.create(settings.google().revokeUrl()))
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofString(form(Map.of("token", token)))));
            if (r.statusCode() != 400) { // 400 invalid_token: already revoked or expired, which is what we wanted
                check(r);
            }
            return null;
        });
    }

    /** The {@code healthUserId} of the token's user ({@code GET /users/me/identity}). */
    String identity(String accessToken) throws ProviderException {
        HttpResponse<String> r = retrier.call("Google Health identity", Safety.IDEMPOTENT, null, attempt -> {
            HttpResponse<String> reply =
                    send(HttpRequest.newBuilder(URI.create(settings.google().apiBaseUrl() + "/users/me/identity"))
                            .header("Authorization", "Bearer " + accessToken)
                            .GET());
            check(reply);
            return reply;
        });
        String id = parse(r.body()).path("healthUserId").asText("");
        if (id.isBlank()) {
            throw GoogleHealthParser.bad("identity without healthUserId");
        }
        return id;
    }

    private JsonNode tokenCall(Map<String, String> fields, boolean refreshing) throws ProviderException {
        var g = settings.google();
        Map<String, String> f = new LinkedHashMap<>(fields);
        f.put("client_id", g.clientId().orElseThrow(() -> notConfigured("client-id")));
        f.put("client_secret", g.clientSecret().orElseThrow(() -> notConfigured("client-secret")));
        // An exchange spends the code, a refresh may rotate the token: repeated only when Google certainly did not act.
        HttpResponse<String> r = retrier.call("Google token", Safety.UNSAFE, null, attempt -> {
            HttpResponse<String> reply = send(HttpRequest.newBuilder(URI.create(g.tokenUrl()))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form(f))));
            if (reply.statusCode() == 429) {
                check(reply);
            }
            return reply;
        });
        int s = r.statusCode();
        if (s == 400 || s == 401) {
            String error = optionalJson(r.body()).path("error").asText("");
            if (refreshing && "invalid_grant".equals(error)) {
                throw new ProviderException(Kind.GRANT_REVOKED, error, "Google refused the refresh token");
            }
            throw new ProviderException(
                    Kind.REJECTED,
                    error.isEmpty() ? String.valueOf(s) : error,
                    "Google token endpoint refused the request (" + s + ")");
        }
        check(r);
        return parse(r.body());
    }

    private TokenGrant grant(JsonNode body, String externalUserId, String previousRefresh) throws ProviderException {
        String access = body.path("access_token").asText("");
        if (access.isEmpty()) {
            throw GoogleHealthParser.bad("token reply without access_token");
        }
        String refresh = body.path("refresh_token").asText("");
        long expiresIn = body.path("expires_in").asLong(3600);
        Set<String> scopes = Arrays.stream(body.path("scope").asText("").split(" "))
                .filter(s -> !s.isBlank())
                .collect(Collectors.toSet());
        return new TokenGrant(
                externalUserId,
                access,
                refresh.isEmpty() ? previousRefresh : refresh,
                clock.instant().plusSeconds(expiresIn),
                scopes);
    }

    // ---------------------------------------------------------------- fetch

    @Override
    public FetchOutcome fetch(FetchRequest request, RecordBatchConsumer out) throws ProviderException {
        Fetch f = new Fetch(request, out);
        List<DataType> types = request.types().stream()
                .sorted(Comparator.comparing(DataType::code))
                .toList();
        for (DataType t : types) {
            Optional<GoogleDataTypes> g = GoogleDataTypes.of(t);
            if (g.isEmpty()) {
                continue; // DEVICE comes with the data points; other types are not Fitbit's
            }
            try {
                switch (g.get()) {
                    case HEART_RATE -> f.heartRate();
                    case STEPS -> f.steps();
                    default -> f.measurements(g.get());
                }
            } catch (ProviderException e) {
                if (!Fitbit.notConsented(e)) {
                    throw e;
                }
                Fitbit.logSkipped(t, generation());
            }
        }
        f.flush();
        return new FetchOutcome(f.count, Optional.empty());
    }

    /** State of one fetch: the batch being filled, the devices already emitted. */
    private final class Fetch {
        private final FetchRequest request;
        private final RecordBatchConsumer out;
        private final String user;
        private final boolean devices;
        private final Set<String> seenDevices = new HashSet<>();
        private final List<HealthRecord> batch = new ArrayList<>();
        private final Instant now = clock.instant();
        private final RetryBudget retries = retrier.budget();
        private long count;

        Fetch(FetchRequest request, RecordBatchConsumer out) {
            this.request = request;
            this.out = out;
            this.user = request.externalUserId() != null ? request.externalUserId() : request.ehrUserId();
            this.devices = request.types().contains(DataType.DEVICE);
        }

        /**
         * The whole job window in as few pages as the API allows (a job covers at most a few weeks: 40,000 samples at
         * most), then one Series per complete window.
         */
        void heartRate() throws ProviderException {
            Duration w = settings.heartRateWindow();
            Instant from = HeartRateWindows.fetchStart(request.start(), w);
            Instant to = min(HeartRateWindows.fetchEnd(request.end(), w), HeartRateWindows.fetchEnd(now, w));
            if (!from.isBefore(to)) {
                return;
            }
            List<HeartRateWindows.Sample> samples = new ArrayList<>();
            String[] deviceId = new String[1];
            pages(GoogleDataTypes.HEART_RATE, from, to, point -> {
                samples.add(GoogleHealthParser.heartRate(point));
                deviceId[0] = deviceId[0] == null ? device(point) : deviceId[0];
            });
            add(HeartRateWindows.toSeries(samples, w, from, to, now, deviceId[0]));
            flushIfFull();
        }

        /** Steps per minute over whole UTC days of the job window: series per window plus daily totals. */
        void steps() throws ProviderException {
            Instant from = HeartRateWindows.fetchStart(request.start(), DAY);
            Instant to = min(HeartRateWindows.fetchEnd(request.end(), DAY), HeartRateWindows.fetchEnd(now, DAY));
            if (!from.isBefore(to)) {
                return;
            }
            Map<Instant, Double> perMinute = new HashMap<>();
            String[] deviceId = new String[1];
            pages(GoogleDataTypes.STEPS, from, to, point -> {
                GoogleHealthParser.addSteps(point, perMinute);
                deviceId[0] = deviceId[0] == null ? device(point) : deviceId[0];
            });
            add(GoogleHealthParser.stepSeries(perMinute, settings.heartRateWindow(), from, to, now, deviceId[0]));
            add(GoogleHealthParser.dailySteps(perMinute, from, to, now, deviceId[0]));
            flushIfFull();
        }

        void measurements(GoogleDataTypes type) throws ProviderException {
            pages(type, request.start(), request.end(), point -> {
                String deviceId = device(point);
                batch.addAll(GoogleHealthParser.measurements(type, point, deviceId));
                flushIfFull();
            });
        }

        /** Emits the point's device once per fetch (when devices were asked for); returns its id. */
        private String device(com.fasterxml.jackson.databind.JsonNode point) {
            Optional<DeviceInfo> d = GoogleHealthParser.device(point);
            if (d.isEmpty()) {
                return null;
            }
            if (devices && seenDevices.add(d.get().sourceId())) {
                batch.add(d.get());
            }
            return d.get().sourceId();
        }

        private void pages(GoogleDataTypes type, Instant start, Instant end, PointHandler handler)
                throws ProviderException {
            String token = null;
            int pageSize = Math.max(1, Math.min(settings.google().pageSize(), type.maxPageSize()));
            do {
                Map<String, String> q = new LinkedHashMap<>();
                q.put("filter", type.filter(start, end));
                q.put("pageSize", String.valueOf(pageSize));
                if (token != null) {
                    q.put("pageToken", token);
                }
                URI uri = URI.create(settings.google().apiBaseUrl() + "/users/me/dataTypes/" + type.kebab()
                        + "/dataPoints?" + form(q));
                GoogleHealthParser.Page page =
                        GoogleHealthParser.page(get(uri, request.tokens(), user, request.budget(), retries));
                for (JsonNode p : page.dataPoints()) {
                    handler.accept(p);
                }
                token = page.nextPageToken().orElse(null);
            } while (token != null);
        }

        private void add(List<? extends HealthRecord> records) {
            batch.addAll(records);
        }

        private void flushIfFull() {
            if (batch.size() >= BATCH) {
                flush();
            }
        }

        void flush() {
            if (!batch.isEmpty()) {
                out.accept(List.copyOf(batch));
                count += batch.size();
                batch.clear();
            }
        }
    }

    @FunctionalInterface
    private interface PointHandler {
        void accept(JsonNode point) throws ProviderException;
    }

    /**
     * One authorized GET: a 401 refreshes the token once and repeats; a transient failure is retried within the
     * fetch's {@code retries}. Every attempt takes its call from the user's budget.
     */
    private JsonNode get(URI uri, AccessTokenSource tokens, String user, CallBudget shared, RetryBudget retries)
            throws ProviderException {
        String[] token = new String[1];
        boolean[] refreshed = new boolean[1];
        return retrier.call("Google Health " + uri.getPath(), Safety.IDEMPOTENT, retries, attempt -> {
            if (token[0] == null) {
                token[0] = Retrier.once(tokens::current);
            }
            while (true) {
                Retrier.once(() -> {
                    spend(user, shared);
                    return null;
                });
                HttpResponse<String> r = send(HttpRequest.newBuilder(uri)
                        .header("Authorization", "Bearer " + token[0])
                        .header("Accept", "application/json")
                        .GET());
                if (r.statusCode() == 401) {
                    if (!refreshed[0]) {
                        refreshed[0] = true;
                        String rejected = token[0];
                        token[0] = Retrier.once(() -> tokens.refreshAfterRejection(rejected));
                        continue;
                    }
                    throw Retrier.doNotRetry(
                            new ProviderException(Kind.UNAUTHORIZED, "401", "Google Health API refused a fresh token"));
                }
                check(r);
                return parse(r.body());
            }
        });
    }

    /**
     * Takes one call from the user's budget: the deployment-wide one when the server gave one (every node counts
     * against the same 300 a minute), else this process's own. A short wait is slept off; a longer one ends the fetch
     * with {@code RATE_LIMITED} so the job retries after it.
     */
    private void spend(String user, CallBudget shared) throws ProviderException {
        int perMinute = settings.google().requestsPerMinute();
        while (true) {
            Duration wait = shared != null
                    ? shared.take(BUDGET_PREFIX + user, perMinute, Duration.ofMinutes(1))
                    : budget.take(user);
            if (wait.isZero()) {
                return;
            }
            if (wait.compareTo(MAX_INLINE_WAIT) > 0) {
                throw new ProviderException(
                        Kind.RATE_LIMITED,
                        null,
                        "client-side budget of " + perMinute + " requests/min for this user is spent",
                        wait,
                        null);
            }
            try {
                Thread.sleep(wait.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ProviderException(Kind.UNAVAILABLE, null, "interrupted", null, e);
            }
            if (shared == null) {
                budget.take(user); // the local bucket lets the waited-for call go (it may run a little negative)
                return;
            }
        }
    }

    // ---------------------------------------------------------------- HTTP

    private HttpResponse<String> send(HttpRequest.Builder builder) throws ProviderException {
        try {
            return http.send(
                    builder.timeout(settings.requestTimeout()).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ProviderException(
                    Kind.UNAVAILABLE,
                    null,
                    "Google Health API unreachable: " + e.getClass().getSimpleName(),
                    null,
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderException(Kind.UNAVAILABLE, null, "interrupted", null, e);
        }
    }

    /** Maps a non-2xx status to the failure kind (401 is handled by the callers). */
    private static void check(HttpResponse<String> r) throws ProviderException {
        int s = r.statusCode();
        if (s >= 200 && s < 300) {
            return;
        }
        String code = String.valueOf(s);
        if (s == 429) {
            throw new ProviderException(Kind.RATE_LIMITED, code, "Google Health API rate limit", retryAfter(r), null);
        }
        if (s >= 500) {
            throw new ProviderException(Kind.UNAVAILABLE, code, "Google Health API answered " + s, retryAfter(r), null);
        }
        if (s == 401) {
            throw new ProviderException(Kind.UNAUTHORIZED, code, "Google Health API refused the token");
        }
        throw new ProviderException(Kind.REJECTED, code, "Google Health API refused the request (" + s + ")");
    }

    private static Duration retryAfter(HttpResponse<?> r) {
        return r.headers()
                .firstValue("Retry-After")
                .map(v -> {
                    try {
                        return Duration.ofSeconds(Long.parseLong(v.trim()));
                    } catch (NumberFormatException e) {
                        return null;
                    }
                })
                .orElse(null);
    }

    private static JsonNode parse(String body) throws ProviderException {
        try {
            JsonNode n = JSON.readTree(body);
            if (n == null || !n.isObject()) {
                throw GoogleHealthParser.bad("reply is not a JSON object");
            }
            return n;
        } catch (IOException e) {
            throw GoogleHealthParser.bad("reply is not JSON");
        }
    }

    private static JsonNode optionalJson(String body) {
        try {
            JsonNode n = JSON.readTree(body);
            return n == null ? JSON.createObjectNode() : n;
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }

    static String form(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&"));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static ProviderException notConfigured(String what) {
        return new ProviderException(
                Kind.REJECTED, null, "ohe.provider.fitbit.google-health." + what + " is not configured");
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    // ---------------------------------------------------------------- subscriptions

    /** No-op: subscribers use the {@code AUTOMATIC} policy (see the class comment). */
    @Override
    public void subscribe(AccessTokenSource tokens, String callbackUrl) {
        // nothing per user
    }

    /** No-op: revoking the grant stops the notifications for this user. */
    @Override
    public void unsubscribe(AccessTokenSource tokens, String callbackUrl) {
        // nothing per user
    }
}
