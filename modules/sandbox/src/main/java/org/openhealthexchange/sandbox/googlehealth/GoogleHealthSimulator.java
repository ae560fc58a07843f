package org.openhealthexchange.sandbox.googlehealth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Google Health API on its wire format, for local runs and tests: Google OAuth (authorize approves at once,
 * PKCE S256 checked, single-use rotating refresh tokens), {@code users/me/identity}, {@code dataPoints} lists with
 * filter, paging and a per-user rate limit, and webhooks (subscriber verification, signed notifications; the public
 * key is a Tink JSON keyset at {@code signing-keyset}). Data is computed from (user, time), never stored.
 */
public class GoogleHealthSimulator {

    /** An HTTP answer of the simulator. */
    public record Reply(int status, String body, Map<String, String> headers) {
        static Reply json(int status, Object body) {
            return new Reply(
                    status,
                    body instanceof String s ? s : JSON.valueToTree(body).toString(),
                    Map.of());
        }
    }

    static final ObjectMapper JSON = new ObjectMapper();
    static final long KEY_ID = 0x4f484531L;
    private static final Pattern GE = Pattern.compile(">=\\s*\"([^\"]+)\"");
    private static final Pattern LT = Pattern.compile("<\\s*\"([^\"]+)\"");
    private static final List<String> TYPES =
            List.of("heart-rate", "steps", "weight", "oxygen-saturation", "heart-rate-variability", "sleep");

    private record Code(String clientId, String redirectUri, String challenge, String user) {}

    private record Access(String user, Instant expires) {}

    private record Subscriber(String endpointUri, String secret) {}

    private final GoogleHealthSimConfig config;
    private final Clock clock;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, Code> codes = new ConcurrentHashMap<>();
    private final Map<String, Access> access = new ConcurrentHashMap<>();
    private final Map<String, String> refresh = new ConcurrentHashMap<>();
    private final Map<String, long[]> usage = new ConcurrentHashMap<>();
    private final KeyPair signingKey;
    private volatile Subscriber subscriber;
    private volatile int failNext;

    public GoogleHealthSimulator(GoogleHealthSimConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.signingKey = keyPair(config.signingSeed());
    }

    private final java.util.concurrent.atomic.AtomicLong nextUser = new java.util.concurrent.atomic.AtomicLong();

    // ------------------------------------------------------------------ OAuth

    /** Approves at once: 302 to {@code redirect_uri} with code and state. */
    public Reply authorize(Map<String, String> q) {
        String redirect = q.get("redirect_uri");
        if (!config.clientId().equals(q.get("client_id"))
                || redirect == null
                || !"code".equals(q.get("response_type"))) {
            return Reply.json(400, Map.of("error", "invalid_request"));
        }
        // Every approval is a new Google account (sandbox-user-1, -2, …) unless login_hint names one, so two EHR users
        // linking locally get two vendor users, as in reality.
        String user = q.containsKey("login_hint")
                ? q.get("login_hint").replaceAll("[^A-Za-z0-9-]", "-")
                : "sandbox-user-" + nextUser.incrementAndGet();
        String code = "code-" + UUID.randomUUID();
        codes.put(code, new Code(q.get("client_id"), redirect, q.get("code_challenge"), user));
        String location = redirect + (redirect.contains("?") ? "&" : "?") + "code=" + enc(code)
                + (q.containsKey("state") ? "&state=" + enc(q.get("state")) : "");
        return new Reply(302, "", Map.of("Location", location));
    }

    /** {@code authorization_code} (PKCE checked) and {@code refresh_token} (single use, rotated). */
    public Reply token(Map<String, String> f) {
        if (!config.clientId().equals(f.get("client_id"))
                || !config.clientSecret().equals(f.get("client_secret"))) {
            return Reply.json(401, Map.of("error", "invalid_client"));
        }
        String user;
        switch (f.getOrDefault("grant_type", "")) {
            case "authorization_code" -> {
                Code c = codes.remove(f.getOrDefault("code", ""));
                if (c == null
                        || !c.redirectUri().equals(f.get("redirect_uri"))
                        || (c.challenge() != null
                                && !c.challenge().equals(s256(f.getOrDefault("code_verifier", ""))))) {
                    return Reply.json(400, Map.of("error", "invalid_grant"));
                }
                user = c.user();
            }
            case "refresh_token" -> {
                user = refresh.remove(f.getOrDefault("refresh_token", ""));
                if (user == null) {
                    return Reply.json(400, Map.of("error", "invalid_grant"));
                }
            }
            default -> {
                return Reply.json(400, Map.of("error", "unsupported_grant_type"));
            }
        }
        String at = "at-" + UUID.randomUUID();
        String rt = "rt-" + UUID.randomUUID();
        access.put(at, new Access(user, clock.instant().plus(config.accessTokenLifetime())));
        refresh.put(rt, user);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", at);
        body.put("expires_in", config.accessTokenLifetime().toSeconds());
        body.put("refresh_token", rt);
        body.put("scope", "https://www.googleapis.com/auth/googlehealth.activity_and_fitness.readonly");
        body.put("token_type", "Bearer");
        return Reply.json(200, body);
    }

    public Reply revoke(Map<String, String> f) {
        String token = f.getOrDefault("token", "");
        boolean known = refresh.remove(token) != null | access.remove(token) != null;
        return known ? Reply.json(200, "{}") : Reply.json(400, Map.of("error", "invalid_token"));
    }

    public Reply identity(String authorization) {
        String user = user(authorization);
        if (user == null) {
            return unauthenticated();
        }
        return Reply.json(200, Map.of("name", "users/me/identity", "healthUserId", user, "legacyUserId", ""));
    }

    // ------------------------------------------------------------------ data

    /** {@code GET users/me/dataTypes/{type}/dataPoints}. */
    public Reply dataPoints(String authorization, String type, Map<String, String> q) {
        String user = user(authorization);
        if (user == null) {
            return unauthenticated();
        }
        if (failNext > 0) {
            failNext--;
            return Reply.json(503, Map.of("error", Map.of("code", 503, "status", "UNAVAILABLE")));
        }
        long minute = clock.millis() / 60_000;
        long[] u = usage.compute(
                user, (k, v) -> v == null || v[0] != minute ? new long[] {minute, 1} : new long[] {minute, v[1] + 1});
        if (u[1] > config.requestsPerMinute()) {
            return new Reply(
                    429,
                    "{\"error\":{\"code\":429,\"status\":\"RESOURCE_EXHAUSTED\"}}",
                    Map.of("Retry-After", String.valueOf(60 - (clock.millis() / 1000) % 60)));
        }
        if (!TYPES.contains(type)) {
            return Reply.json(404, Map.of("error", Map.of("code", 404, "status", "NOT_FOUND")));
        }
        Instant start;
        Instant end;
        long cursor;
        try {
            String filter = q.getOrDefault("filter", "");
            Matcher ge = GE.matcher(filter);
            Matcher lt = LT.matcher(filter);
            start = ge.find() ? Instant.parse(ge.group(1)) : historyStart();
            end = lt.find() ? Instant.parse(lt.group(1)) : clock.instant();
            cursor = q.containsKey("pageToken") ? Long.parseLong(q.get("pageToken")) : start.getEpochSecond();
        } catch (DateTimeParseException | NumberFormatException e) {
            return Reply.json(400, Map.of("error", Map.of("code", 400, "status", "INVALID_ARGUMENT")));
        }
        int max = "sleep".equals(type) ? 25 : config.maxPageSize();
        int pageSize = Math.min(max, Math.max(1, parseInt(q.get("pageSize"), 1440)));
        // The filter applies to each point's own time; the page token is the slot to continue from, so a point whose
        // time lies before its slot (a sleep starting the evening before) is neither lost nor repeated across pages.
        Instant from = max(start, historyStart());
        Instant to = min(end, clock.instant());
        Duration step = perMinute(type) ? Duration.ofMinutes(1) : Duration.ofDays(1);
        ObjectNode body = JSON.createObjectNode();
        ArrayNode points = body.putArray("dataPoints");
        Instant t = q.containsKey("pageToken")
                ? Instant.ofEpochSecond(cursor)
                : from.truncatedTo(perMinute(type) ? ChronoUnit.MINUTES : ChronoUnit.DAYS)
                        .minus(step);
        for (; time(type, t).isBefore(to); t = t.plus(step)) {
            Instant at = time(type, t);
            if (at.isBefore(from)) {
                continue;
            }
            if (points.size() == pageSize) {
                body.put("nextPageToken", String.valueOf(t.getEpochSecond()));
                break;
            }
            JsonNode p = point(user, type, t);
            if (p != null) {
                points.add(p);
            }
        }
        return Reply.json(200, body.toString());
    }

    private static boolean perMinute(String type) {
        return "heart-rate".equals(type) || "steps".equals(type);
    }

    /** The time a point of the slot {@code t} is filtered by (daily types have a fixed time of day). */
    private static Instant time(String type, Instant t) {
        return switch (type) {
            case "weight" -> t.plus(Duration.ofMinutes(6 * 60 + 30));
            case "oxygen-saturation" -> t.plus(Duration.ofHours(3));
            case "heart-rate-variability" -> t.plus(Duration.ofHours(4));
            case "sleep" -> t.minus(Duration.ofMinutes(75)); // starts 22:45 the evening before
            default -> t;
        };
    }

    private ObjectNode point(String user, String type, Instant t) {
        long h = hash(user, type, t.getEpochSecond());
        ObjectNode p = JSON.createObjectNode();
        ObjectNode device = p.putObject("dataSource")
                .put("recordingMethod", "PASSIVELY_MEASURED")
                .put("platform", "FITBIT")
                .putObject("device");
        device.put("manufacturer", "Fitbit")
                .put("displayName", "weight".equals(type) ? "Aria Air" : "Charge 6")
                .put("formFactor", "weight".equals(type) ? "SCALE" : "FITNESS_BAND");
        String day = t.truncatedTo(ChronoUnit.DAYS).toString().substring(0, 10).replace("-", "");
        Instant at = time(type, t);
        switch (type) {
            case "heart-rate" -> {
                if (h % 97 == 0) {
                    return null; // a gap
                }
                int hour = (int) ((t.getEpochSecond() / 3600) % 24);
                int base = hour < 6 ? 58 : hour < 9 || hour > 21 ? 66 : 78;
                sample(p.putObject("heartRate"), at).put("beatsPerMinute", String.valueOf(base + h % 40));
            }
            case "steps" -> {
                int hour = (int) ((t.getEpochSecond() / 3600) % 24);
                if (hour < 7 || hour > 21 || h % 3 == 0) {
                    return null;
                }
                ObjectNode s = p.putObject("steps");
                s.putObject("interval")
                        .put("startTime", t.toString())
                        .put("endTime", t.plusSeconds(60).toString());
                s.put("count", String.valueOf(h % 120));
            }
            case "weight" -> sample(p.putObject("weight"), at).put("weightGrams", 70_000 + h % 4_000);
            case "oxygen-saturation" -> sample(p.putObject("oxygenSaturation"), at)
                    .put("percentage", 94 + h % 6);
            case "heart-rate-variability" -> sample(p.putObject("heartRateVariability"), at)
                    .put("standardDeviationMilliseconds", 30 + h % 50)
                    .put("rootMeanSquareOfSuccessiveDifferencesMilliseconds", 20 + h % 40);
            case "sleep" -> {
                Instant endAt = t.plus(Duration.ofMinutes(6 * 60 + 30 + h % 60));
                ObjectNode s = p.putObject("sleep");
                s.putObject("interval").put("startTime", at.toString()).put("endTime", endAt.toString());
                s.put("type", "STAGES");
                long inPeriod = Duration.between(at, endAt).toMinutes();
                s.putObject("summary")
                        .put("minutesAsleep", String.valueOf(inPeriod - 20 - h % 30))
                        .put("minutesInSleepPeriod", String.valueOf(inPeriod));
            }
            default -> {
                return null;
            }
        }
        if (!perMinute(type)) {
            p.put("name", "users/" + user + "/dataTypes/" + type + "/dataPoints/" + type + "-" + day);
        }
        return p;
    }

    private static ObjectNode sample(ObjectNode value, Instant at) {
        value.putObject("sampleTime").put("physicalTime", at.toString()).put("utcOffset", "0s");
        return value;
    }

    // ------------------------------------------------------------------ webhooks

    /** The Tink JSON public keyset verifying {@code X-HEALTHAPI-SIGNATURE} (ECDSA P-256, SHA-256, DER, TINK prefix). */
    public String signingKeyset() {
        ECPublicKey pub = (ECPublicKey) signingKey.getPublic();
        ByteArrayOutputStream key = new ByteArrayOutputStream();
        key.write(0x08);
        key.write(0); // version 0
        field(key, 2, new byte[] {0x08, 3, 0x10, 2, 0x18, 1}); // SHA256, NIST_P256, DER
        field(key, 3, pub.getW().getAffineX().toByteArray());
        field(key, 4, pub.getW().getAffineY().toByteArray());
        ObjectNode k = JSON.createObjectNode();
        k.putObject("keyData")
                .put("typeUrl", "type.googleapis.com/google.crypto.tink.EcdsaPublicKey")
                .put("value", Base64.getEncoder().encodeToString(key.toByteArray()))
                .put("keyMaterialType", "ASYMMETRIC_PUBLIC");
        k.put("status", "ENABLED").put("keyId", KEY_ID).put("outputPrefixType", "TINK");
        ObjectNode root = JSON.createObjectNode().put("primaryKeyId", KEY_ID);
        root.putArray("key").add(k);
        return root.toString();
    }

    /** base64(0x01 ‖ key id ‖ DER ECDSA signature of the body). */
    public String sign(byte[] body) {
        try {
            Signature s = Signature.getInstance("SHA256withECDSA");
            s.initSign(signingKey.getPrivate());
            s.update(body);
            byte[] der = s.sign();
            return Base64.getEncoder()
                    .encodeToString(ByteBuffer.allocate(5 + der.length)
                            .put((byte) 1)
                            .putInt((int) KEY_ID)
                            .put(der)
                            .array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Registers the subscriber after both verification calls passed (201 with the secret, 401/403 without). */
    public Reply registerSubscriber(JsonNode body) {
        String uri = body.path("endpointUri").asText("");
        String secret = body.path("secret").asText("");
        if (uri.isBlank() || secret.isBlank()) {
            return Reply.json(400, Map.of("error", "endpointUri and secret are required"));
        }
        String verification = "{\"type\":\"verification\"}";
        int with = post(uri, verification, secret, null);
        int without = post(uri, verification, null, null);
        if (with != 201 || (without != 401 && without != 403)) {
            return Reply.json(
                    412,
                    Map.of(
                            "error",
                            "FAILED_PRECONDITION",
                            "withAuthorization",
                            with,
                            "withoutAuthorization",
                            without,
                            "expected",
                            "201 and 401/403"));
        }
        subscriber = new Subscriber(uri, secret);
        return Reply.json(200, Map.of("endpointUri", uri, "state", "ACTIVE"));
    }

    /** Sends one signed notification for the user to the subscriber; answers with the subscriber's status. */
    public Reply notify(String healthUserId, JsonNode body) {
        Subscriber s = subscriber;
        if (s == null) {
            return Reply.json(412, Map.of("error", "no subscriber registered"));
        }
        ObjectNode data = JSON.createObjectNode();
        data.putObject("data")
                .put("healthUserId", healthUserId)
                .put("operation", body.path("operation").asText("UPSERT"))
                .put("dataType", body.path("dataType").asText("steps"))
                .putArray("intervals")
                .addObject()
                .put("startTime", body.path("start").asText())
                .put("endTime", body.path("end").asText());
        String payload = data.toString();
        int status = post(s.endpointUri(), payload, s.secret(), sign(payload.getBytes(StandardCharsets.UTF_8)));
        return Reply.json(200, Map.of("subscriberStatus", status, "notification", data));
    }

    /** The next {@code count} data requests answer 503. */
    public void failNext(int count) {
        failNext = Math.max(0, count);
    }

    public void reset() {
        nextUser.set(0);
        codes.clear();
        access.clear();
        refresh.clear();
        usage.clear();
        subscriber = null;
        failNext = 0;
    }

    private int post(String uri, String body, String authorization, String signature) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(uri))
                    .timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
            if (authorization != null) {
                b.header("Authorization", authorization);
            }
            if (signature != null) {
                b.header("X-HEALTHAPI-SIGNATURE", signature);
            }
            return http.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return 0;
        }
    }

    // ------------------------------------------------------------------ helpers

    private String user(String authorization) {
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return null;
        }
        Access a = access.get(authorization.substring(7).trim());
        return a == null || !clock.instant().isBefore(a.expires()) ? null : a.user();
    }

    private static Reply unauthenticated() {
        return new Reply(
                401,
                "{\"error\":{\"code\":401,\"status\":\"UNAUTHENTICATED\"}}",
                Map.of("WWW-Authenticate", "Bearer error=\"invalid_token\""));
    }

    private Instant historyStart() {
        return config.historyStart().atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
    }

    private static long hash(String user, String type, long t) {
        long h = 1125899906842597L;
        for (char c : (user + "/" + type).toCharArray()) {
            h = 31 * h + c;
        }
        h ^= t * 0x9E3779B97F4A7C15L;
        h ^= (h >>> 33);
        h *= 0xff51afd7ed558ccdL;
        h ^= (h >>> 33);
        return Math.floorMod(h, 1_000_003L);
    }

    static String s256(String verifier) {
        try {
            return Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString(
                            MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair keyPair(String seed) {
        try {
            SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
            random.setSeed(seed.getBytes(StandardCharsets.UTF_8));
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"), random);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void field(ByteArrayOutputStream out, int number, byte[] value) {
        out.write(number << 3 | 2);
        out.write(value.length);
        out.writeBytes(value);
    }

    static Map<String, String> form(String s) {
        Map<String, String> m = new LinkedHashMap<>();
        if (s != null && !s.isBlank()) {
            for (String pair : s.split("&")) {
                int i = pair.indexOf('=');
                if (i > 0) {
                    m.put(
                            URLDecoder.decode(pair.substring(0, i), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(i + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return m;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static int parseInt(String s, int dflt) {
        try {
            return s == null ? dflt : Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return dflt;
        }
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
