package org.openhealthexchange.sandbox.fitbit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The legacy Fitbit Web API simulator, independent of the HTTP layer: OAuth (authorize approves at once, Basic
 * client authentication, PKCE S256, single-use refresh tokens, revoke), the data resources with Bearer check,
 * {@code Fitbit-Rate-Limit-*} headers and 429, per-user subscriptions, and the control operations that verify a
 * subscriber endpoint and send it signed notifications.
 */
final class FitbitSimulator {

    static final String LIMIT = "Fitbit-Rate-Limit-Limit";
    static final String REMAINING = "Fitbit-Rate-Limit-Remaining";
    static final String RESET = "Fitbit-Rate-Limit-Reset";
    static final String SIGNATURE = "X-Fitbit-Signature";

    /** Settings as plain values (see {@link FitbitSandboxConfig}). */
    record Settings(
            String clientId,
            String clientSecret,
            String subscriberId,
            String verificationCode,
            Duration codeLifetime,
            Duration accessTokenLifetime,
            LocalDate historyStart,
            ZoneId zone,
            int rateLimitPerHour) {

        static Settings from(FitbitSandboxConfig c) {
            return new Settings(
                    c.clientId(),
                    c.clientSecret(),
                    c.subscriberId(),
                    c.verificationCode(),
                    c.codeLifetime(),
                    c.accessTokenLifetime(),
                    c.historyStart(),
                    ZoneId.of(c.timezone()),
                    c.rateLimitPerHour());
        }
    }

    /** A range resource: its path pattern and the longest range Fitbit allows. */
    private record Range(Pattern path, int maxDays) {
        Range(String regex, int maxDays) {
            this(Pattern.compile(regex), maxDays);
        }
    }

    private static final String DATE = "(\\d{4}-\\d{2}-\\d{2}|today)";
    private static final Pattern INTRADAY = Pattern.compile("1/activities/(heart|steps)/date/" + DATE + "/1d/1min");
    private static final Range STEPS = new Range("1/activities/steps/date/" + DATE + "/" + DATE, 1095);
    private static final Range WEIGHT = new Range("1/body/log/weight/date/" + DATE + "/" + DATE, 31);
    private static final Range SPO2 = new Range("1/spo2/date/" + DATE + "/" + DATE, 30);
    private static final Range HRV = new Range("1/hrv/date/" + DATE + "/" + DATE, 30);
    private static final Range SLEEP = new Range("1\\.2/sleep/date/" + DATE + "/" + DATE, 100);
    private static final Pattern SUBSCRIPTION = Pattern.compile("1/apiSubscriptions/([A-Za-z0-9_-]{1,50})");

    private final Settings settings;
    private final Clock clock;
    private final FitbitCallbacks callbacks;
    private final FitbitTokens tokens;
    private final FitbitData data;
    private final AtomicInteger users = new AtomicInteger();
    private final Map<String, int[]> usage = new HashMap<>(); // user -> [hour index, count]
    private final Map<String, Map<String, String>> subscriptions = new HashMap<>(); // user -> id -> subscriber
    private volatile URI endpoint;
    private Fault fault; // guarded by this

    /** An armed fault: the status to answer and how many more calls (-1: all). */
    private record Fault(int status, int remaining) {}

    FitbitSimulator(Settings settings, Clock clock, FitbitCallbacks callbacks) {
        this.settings = settings;
        this.clock = clock;
        this.callbacks = callbacks;
        this.tokens = new FitbitTokens(settings.codeLifetime(), settings.accessTokenLifetime(), clock);
        this.data = new FitbitData(settings.zone(), settings.historyStart());
    }

    // ---- OAuth ----

    /**
     * {@code GET /oauth2/authorize}: the user approves at once; 302 to {@code redirect_uri} with {@code code} and
     * {@code state}. A new user id per authorization unless the sandbox-only {@code user_id} parameter names one.
     */
    FitbitReply authorize(Map<String, String> q) {
        if (!settings.clientId().equals(q.get("client_id"))) {
            return FitbitReply.error(401, "invalid_client", "unknown client_id");
        }
        if (!"code".equals(q.get("response_type")) || blank(q.get("redirect_uri"))) {
            return FitbitReply.error(400, "invalid_request", "response_type=code and redirect_uri are required");
        }
        String challenge = q.get("code_challenge");
        if (challenge != null && !"S256".equals(q.get("code_challenge_method"))) {
            return FitbitReply.error(400, "invalid_request", "code_challenge_method must be S256");
        }
        String user = blank(q.get("user_id")) ? String.format("SBX%03d", users.incrementAndGet()) : q.get("user_id");
        String code = tokens.issueCode(user, q.get("redirect_uri"), q.getOrDefault("scope", ""), challenge);
        String redirect = q.get("redirect_uri");
        StringBuilder location = new StringBuilder(redirect)
                .append(redirect.contains("?") ? '&' : '?')
                .append("code=")
                .append(encode(code));
        if (q.get("state") != null) {
            location.append("&state=").append(encode(q.get("state")));
        }
        return FitbitReply.redirect(location.toString());
    }

    /** {@code POST /oauth2/token} with Basic client authentication. */
    FitbitReply token(String authorization, Map<String, String> form) {
        if (!clientAuthenticated(authorization)) {
            return FitbitReply.error(401, "invalid_client", "Invalid authorization header format.");
        }
        Optional<FitbitTokens.Issued> issued;
        switch (form.getOrDefault("grant_type", "")) {
            case "authorization_code" -> issued =
                    tokens.exchange(form.get("code"), form.get("redirect_uri"), form.get("code_verifier"));
            case "refresh_token" -> issued = tokens.refresh(form.get("refresh_token"));
            default -> {
                return FitbitReply.error(
                        400, "unsupported_grant_type", "grant_type must be authorization_code or " + "refresh_token");
            }
        }
        if (issued.isEmpty()) {
            return FitbitReply.error(
                    400,
                    "invalid_grant",
                    "Authorization code or refresh token invalid: "
                            + abbreviate(form.getOrDefault("code", form.get("refresh_token"))) + ".");
        }
        var t = issued.get();
        ObjectNode body = FitbitReply.object()
                .put("access_token", t.accessToken())
                .put("expires_in", t.expiresIn())
                .put("refresh_token", t.refreshToken())
                .put("scope", t.scope())
                .put("token_type", "Bearer")
                .put("user_id", t.userId());
        return FitbitReply.json(200, body);
    }

    /** {@code POST /oauth2/revoke}: revokes the grant of an access or refresh token (unknown tokens too: 200). */
    FitbitReply revoke(String authorization, Map<String, String> form) {
        if (!clientAuthenticated(authorization)) {
            return FitbitReply.error(401, "invalid_client", "Invalid authorization header format.");
        }
        if (blank(form.get("token"))) {
            return FitbitReply.error(400, "invalid_request", "token is required");
        }
        tokens.revoke(form.get("token"));
        return FitbitReply.json(200, FitbitReply.object());
    }

    private boolean clientAuthenticated(String authorization) {
        if (authorization == null || !authorization.startsWith("Basic ")) {
            return false;
        }
        byte[] expected = (settings.clientId() + ":" + settings.clientSecret()).getBytes(StandardCharsets.UTF_8);
        try {
            return MessageDigest.isEqual(
                    expected,
                    Base64.getDecoder().decode(authorization.substring(6).trim()));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    // ---- data ----

    /**
     * A data or subscription call: {@code resource} is the path below {@code /sandbox/fitbit} with the user segment
     * removed and without {@code .json} (e.g. {@code 1/activities/heart/date/2026-06-01/1d/1min}).
     */
    FitbitReply api(
            String method, String pathUser, String resource, String authorization, Map<String, String> headers) {
        String token = authorization != null && authorization.startsWith("Bearer ")
                ? authorization.substring(7).trim()
                : null;
        var user = tokens.user(token);
        if (user.problem() == FitbitTokens.Problem.INVALID_TOKEN) {
            return FitbitReply.error(401, "invalid_token", "Access token invalid: " + abbreviate(token) + ".");
        }
        if (user.problem() == FitbitTokens.Problem.EXPIRED_TOKEN) {
            return FitbitReply.error(401, "expired_token", "Access token expired: " + abbreviate(token) + ".");
        }
        String userId = user.userId();
        if (!"-".equals(pathUser) && !userId.equals(pathUser)) {
            return FitbitReply.error(403, "insufficient_permissions", "the token does not belong to user " + pathUser);
        }
        Instant now = clock.instant();
        long hour = now.getEpochSecond() / 3600;
        long reset = (hour + 1) * 3600 - now.getEpochSecond();
        int used;
        synchronized (usage) {
            int[] u = usage.computeIfAbsent(userId, k -> new int[] {(int) hour, 0});
            if (u[0] != hour) {
                u[0] = (int) hour;
                u[1] = 0;
            }
            used = ++u[1];
        }
        int remaining = Math.max(0, settings.rateLimitPerHour() - used);
        FitbitReply reply = used > settings.rateLimitPerHour()
                ? FitbitReply.error(429, "system", "Too Many Requests")
                : armedFault().orElseGet(() -> route(method, userId, resource, headers, now));
        return reply.withHeader(LIMIT, Integer.toString(settings.rateLimitPerHour()))
                .withHeader(REMAINING, Integer.toString(remaining))
                .withHeader(RESET, Long.toString(reset));
    }

    private FitbitReply route(String method, String user, String resource, Map<String, String> headers, Instant now) {
        Matcher m = SUBSCRIPTION.matcher(resource);
        if (m.matches()) {
            return subscription(method, user, m.group(1), headers.get("X-Fitbit-Subscriber-Id"));
        }
        if ("1/apiSubscriptions".equals(resource) && "GET".equals(method)) {
            return listSubscriptions(user);
        }
        if (!"GET".equals(method)) {
            return FitbitReply.error(405, "request", method + " is not supported on " + resource);
        }
        if ("1/profile".equals(resource)) {
            return FitbitReply.json(200, data.profile(user, now));
        }
        if ("1/devices".equals(resource)) {
            return FitbitReply.json(200, data.devices(user, now));
        }
        Matcher intraday = INTRADAY.matcher(resource);
        if (intraday.matches()) {
            String kind = intraday.group(1);
            String day = intraday.group(2);
            return date(day, now)
                    .map(d -> FitbitReply.json(200, data.intraday(kind, user, d, now)))
                    .orElseGet(() -> invalidDate(day));
        }
        Optional<FitbitReply> r = range(STEPS, resource, now, (s, e) -> data.dailySteps(user, s, e, now))
                .or(() -> range(
                        WEIGHT, resource, now, (s, e) -> data.weights(user, s, e, now, headers.get("Accept-Language"))))
                .or(() -> range(SPO2, resource, now, (s, e) -> data.spo2(user, s, e, now)))
                .or(() -> range(HRV, resource, now, (s, e) -> data.hrv(user, s, e, now)))
                .or(() -> range(SLEEP, resource, now, (s, e) -> data.sleep(user, s, e, now)));
        return r.orElseGet(() -> FitbitReply.error(404, "not_found", "The API you are requesting could not be found."));
    }

    private Optional<FitbitReply> range(
            Range range, String resource, Instant now, BiFunction<LocalDate, LocalDate, JsonNode> body) {
        Matcher m = range.path().matcher(resource);
        if (!m.matches()) {
            return Optional.empty();
        }
        Optional<LocalDate> start = date(m.group(1), now);
        Optional<LocalDate> end = date(m.group(2), now);
        if (start.isEmpty() || end.isEmpty()) {
            return Optional.of(invalidDate(start.isEmpty() ? m.group(1) : m.group(2)));
        }
        if (end.get().isBefore(start.get()) || ChronoUnit.DAYS.between(start.get(), end.get()) >= range.maxDays()) {
            return Optional.of(FitbitReply.error(
                    400,
                    "validation",
                    "The date range must end on or after its start " + "and span at most " + range.maxDays()
                            + " days."));
        }
        return Optional.of(FitbitReply.json(200, body.apply(start.get(), end.get())));
    }

    private Optional<LocalDate> date(String text, Instant now) {
        try {
            return Optional.of("today".equals(text) ? data.today(now) : LocalDate.parse(text));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }

    private static FitbitReply invalidDate(String text) {
        return FitbitReply.error(400, "validation", "Invalid date: " + text + ". Use yyyy-MM-dd or today.");
    }

    // ---- subscriptions ----

    private FitbitReply subscription(String method, String user, String id, String subscriberHeader) {
        String subscriber = blank(subscriberHeader) ? settings.subscriberId() : subscriberHeader;
        synchronized (subscriptions) {
            Map<String, String> mine = subscriptions.computeIfAbsent(user, k -> new LinkedHashMap<>());
            switch (method) {
                case "POST" -> {
                    if (subscriber.equals(mine.get(id))) {
                        return FitbitReply.json(200, subscriptionJson(user, id, subscriber));
                    }
                    if (mine.containsKey(id) || mine.containsValue(subscriber)) {
                        return FitbitReply.error(
                                409,
                                "conflict",
                                "This user already has a subscription " + id + " or one for subscriber " + subscriber
                                        + ".");
                    }
                    mine.put(id, subscriber);
                    return FitbitReply.json(201, subscriptionJson(user, id, subscriber));
                }
                case "DELETE" -> {
                    return mine.remove(id) != null
                            ? FitbitReply.empty(204)
                            : FitbitReply.error(404, "not_found", "No subscription " + id + ".");
                }
                default -> {
                    return FitbitReply.error(405, "request", method + " is not supported on subscriptions");
                }
            }
        }
    }

    private FitbitReply listSubscriptions(String user) {
        ObjectNode root = FitbitReply.object();
        ArrayNode list = root.putArray("apiSubscriptions");
        synchronized (subscriptions) {
            subscriptions.getOrDefault(user, Map.of()).forEach((id, sub) -> list.add(subscriptionJson(user, id, sub)));
        }
        return FitbitReply.json(200, root);
    }

    private static ObjectNode subscriptionJson(String user, String id, String subscriber) {
        return FitbitReply.object()
                .put("collectionType", "user")
                .put("ownerId", user)
                .put("ownerType", "user")
                .put("subscriberId", subscriber)
                .put("subscriptionId", id);
    }

    // ---- control ----

    /**
     * Verifies a subscriber endpoint as Fitbit does: {@code GET ?verify=<correct code>} must answer 204 and
     * {@code GET ?verify=<wrong code>} 404. 200 when both hold (the endpoint becomes the default for notifications),
     * else 412; the body reports both statuses.
     */
    FitbitReply verifySubscriber(JsonNode request) {
        if (!request.path("endpointUri").isTextual()) {
            return FitbitReply.error(400, "validation", "endpointUri is required");
        }
        String code = request.path("verificationCode").asText(settings.verificationCode());
        URI uri;
        try {
            uri = URI.create(request.path("endpointUri").asText());
        } catch (IllegalArgumentException e) {
            return FitbitReply.error(400, "validation", "endpointUri is not a URI");
        }
        int correct = call(() -> callbacks.get(withQuery(uri, "verify", code)));
        int wrong = call(() -> callbacks.get(withQuery(uri, "verify", "wrong-" + code)));
        boolean verified = correct == 204 && wrong == 404;
        if (verified) {
            endpoint = uri;
        }
        return FitbitReply.json(
                verified ? 200 : 412,
                FitbitReply.object()
                        .put("verified", verified)
                        .put("endpointUri", uri.toString())
                        .put("correctCodeStatus", correct)
                        .put("wrongCodeStatus", wrong));
    }

    /**
     * Sends {@code [{collectionType, date, ownerId, ownerType, subscriptionId}]} signed with
     * {@code X-Fitbit-Signature} to {@code endpointUri} (default: the last verified endpoint); answers with the
     * status the endpoint returned and the body sent.
     */
    FitbitReply notify(String owner, JsonNode request) {
        URI uri = request.path("endpointUri").isTextual()
                ? URI.create(request.path("endpointUri").asText())
                : endpoint;
        if (uri == null) {
            return FitbitReply.error(400, "validation", "no endpointUri given and no subscriber endpoint verified");
        }
        if (!request.path("collectionType").isTextual()) {
            return FitbitReply.error(400, "validation", "collectionType is required");
        }
        String date = request.path("date").asText(data.today(clock.instant()).toString());
        String subscription;
        synchronized (subscriptions) {
            subscription = subscriptions.getOrDefault(owner, Map.of()).keySet().stream()
                    .findFirst()
                    .orElse(settings.subscriberId());
        }
        ArrayNode body = FitbitReply.array();
        body.addObject()
                .put("collectionType", request.path("collectionType").asText())
                .put("date", date)
                .put("ownerId", owner)
                .put("ownerType", "user")
                .put("subscriptionId", subscription);
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        String signature = Base64.getEncoder().encodeToString(signature(settings.clientSecret(), bytes));
        int status = call(() -> callbacks.postJson(uri, bytes, Map.of(SIGNATURE, signature)));
        ObjectNode reply =
                FitbitReply.object().put("endpointUri", uri.toString()).put("status", status);
        reply.set("sent", body);
        return FitbitReply.json(200, reply);
    }

    /** Arms a fault: the next {@code count} data calls (-1: all) answer {@code httpStatus}. */
    FitbitReply armFault(JsonNode request) {
        int status = request.path("httpStatus").asInt(0);
        if (status < 400 || status > 599) {
            return FitbitReply.error(400, "validation", "httpStatus must be 4xx or 5xx");
        }
        synchronized (this) {
            fault = new Fault(status, request.path("count").asInt(-1));
        }
        return FitbitReply.json(
                200,
                FitbitReply.object()
                        .put("httpStatus", status)
                        .put("count", request.path("count").asInt(-1)));
    }

    FitbitReply clearFaults() {
        synchronized (this) {
            fault = null;
        }
        return FitbitReply.empty(204);
    }

    /** Forgets every token, subscription, counter, fault and the verified endpoint. */
    FitbitReply reset() {
        tokens.clear();
        synchronized (usage) {
            usage.clear();
        }
        synchronized (subscriptions) {
            subscriptions.clear();
        }
        clearFaults();
        endpoint = null;
        return FitbitReply.empty(204);
    }

    private synchronized Optional<FitbitReply> armedFault() {
        if (fault == null) {
            return Optional.empty();
        }
        int status = fault.status();
        if (fault.remaining() == 1) {
            fault = null;
        } else if (fault.remaining() > 1) {
            fault = new Fault(status, fault.remaining() - 1);
        }
        return Optional.of(
                status == 410
                        ? FitbitReply.error(410, "gone", "The legacy Fitbit Web API has been retired.")
                        : FitbitReply.error(status, status == 429 ? "system" : "request", "sandbox fault " + status));
    }

    /** {@code HMAC-SHA1(key = clientSecret + "&", body)}. */
    static byte[] signature(String clientSecret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec((clientSecret + "&").getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private interface Call {
        int run() throws IOException;
    }

    /** The status of a callback, or 0 when the endpoint could not be reached. */
    private static int call(Call call) {
        try {
            return call.run();
        } catch (IOException | IllegalArgumentException e) {
            return 0;
        }
    }

    private static URI withQuery(URI uri, String name, String value) {
        String s = uri.toString();
        return URI.create(s + (s.contains("?") ? "&" : "?") + name + "=" + encode(value));
    }

    /** Parses an {@code application/x-www-form-urlencoded} body (first value wins). */
    static Map<String, String> form(String body) {
        Map<String, String> out = new LinkedHashMap<>();
        if (body == null || body.isBlank()) {
            return out;
        }
        for (String pair : body.split("&")) {
            String[] kv = pair.split("=", 2);
            out.putIfAbsent(
                    URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                    kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
        }
        return out;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static String abbreviate(String token) {
        return token == null ? "" : token.substring(0, Math.min(8, token.length()));
    }
}
