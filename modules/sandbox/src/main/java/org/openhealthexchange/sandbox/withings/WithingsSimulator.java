package org.openhealthexchange.sandbox.withings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import org.openhealthexchange.sandbox.SandboxConfig;

/**
 * The Withings simulator, independent of HTTP: authorize page, token endpoint, the data services, and the control
 * operations (record a measurement and notify, faults, stats, reset). All state is in memory and thread-safe.
 */
final class WithingsSimulator {

    /**
     * Settings (see {@link SandboxConfig.Withings}).
     *
     * @param clientId the partner application's client id
     * @param clientSecret its secret
     * @param firstUserId first user id handed out by the authorize page
     * @param lifetimes code and token lifetimes
     * @param verifyCallback whether subscribe sends a HEAD to the callback first
     * @param data the generated data's shape
     * @param startupFault fault armed for data calls at startup, or null
     */
    record Settings(
            String clientId,
            String clientSecret,
            long firstUserId,
            WithingsTokens.Lifetimes lifetimes,
            boolean verifyCallback,
            WithingsDataSettings data,
            WithingsFaults.Fault startupFault) {

        static Settings from(SandboxConfig.Withings config) {
            var f = config.faults();
            var fault = new WithingsFaults.Fault(
                    f.status().orElse(0), f.httpStatus().orElse(0), f.latency().toMillis(), f.count());
            var t = config.tokens();
            return new Settings(
                    config.clientId(),
                    config.clientSecret(),
                    config.firstUserId(),
                    new WithingsTokens.Lifetimes(t.codeLifetime(), t.accessTokenLifetime(), t.rotatedRefreshGrace()),
                    config.notifications().verifyCallback(),
                    WithingsDataSettings.from(config.data()),
                    fault.isEmpty() ? null : fault);
        }
    }

    private static final String BEARER = "Bearer ";

    private final Settings settings;
    private final Clock clock;
    private final LongConsumer pause;
    private final WithingsTokens tokens;
    private final WithingsFaults faults = new WithingsFaults();
    private final WithingsStats stats = new WithingsStats();
    private final WithingsSubscriptions subscriptions = new WithingsSubscriptions();
    private final RecordedMeasures recorded = new RecordedMeasures();
    private final NotifyService notify;
    private final MeasurementRecorder recorder;
    private final Map<String, WithingsService> services;
    private final AtomicLong nextUserId;

    WithingsSimulator(Settings settings, Clock clock, CallbackClient callbacks, LongConsumer pause) {
        this.settings = settings;
        this.clock = clock;
        this.pause = pause;
        this.tokens = new WithingsTokens(settings.clientId(), settings.clientSecret(), settings.lifetimes(), clock);
        this.notify = new NotifyService(subscriptions, callbacks, settings.verifyCallback());
        this.recorder = new MeasurementRecorder(recorded, notify);
        MeasureService measure = new MeasureService(settings.data(), recorded);
        this.services = Map.of(
                "measure",
                measure.v1(),
                "v2/measure",
                measure.v2(),
                "v2/heart",
                new HeartService(settings.data()),
                "v2/sleep",
                new SleepService(settings.data()),
                "v2/user",
                new UserService(settings.data()),
                "notify",
                notify);
        this.nextUserId = new AtomicLong(settings.firstUserId());
        faults.arm(WithingsFaults.Target.DATA, settings.startupFault());
    }

    private long now() {
        return clock.instant().getEpochSecond();
    }

    /** {@code GET /oauth2_user/authorize2}: approves at once (302 back with a code) unless {@code sandbox_deny=1}. */
    SimulatorReply authorize(Map<String, String> query) {
        WithingsParams params = WithingsParams.of(query);
        if (!"code".equals(params.string("response_type").orElse(null))) {
            return SimulatorReply.text(400, "response_type must be code");
        }
        String clientId = params.string("client_id").orElse(null);
        if (!tokens.isClient(clientId)) {
            return SimulatorReply.text(400, "unknown client_id");
        }
        String redirectUri = params.string("redirect_uri").orElse("");
        URI redirect;
        try {
            redirect = URI.create(redirectUri);
        } catch (IllegalArgumentException e) {
            return SimulatorReply.text(400, "redirect_uri is not a URI");
        }
        if (redirect.getHost() == null
                || redirect.getScheme() == null
                || !redirect.getScheme().matches("(?i)https?")) {
            return SimulatorReply.text(400, "redirect_uri must be an absolute http(s) URL");
        }
        var state = params.string("state");
        var scope = params.string("scope");
        if (state.isEmpty() || scope.isEmpty()) {
            return SimulatorReply.text(400, "state and scope are required");
        }
        String separator = redirectUri.contains("?") ? "&" : "?";
        if ("1".equals(params.string("sandbox_deny").orElse(null))) {
            stats.count("authorize.denied");
            return SimulatorReply.redirect(
                    redirectUri + separator + "error=access_denied&state=" + encode(state.get()));
        }
        var chosen = params.string("sandbox_userid");
        if (chosen.isPresent() && !chosen.get().matches("[0-9]{1,18}")) {
            return SimulatorReply.text(400, "sandbox_userid must be a number");
        }
        String userid = chosen.orElseGet(() -> Long.toString(nextUserId.getAndIncrement()));
        String code = tokens.issueCode(clientId, redirectUri, scope.get(), userid);
        stats.count("authorize.approved");
        return SimulatorReply.redirect(
                redirectUri + separator + "code=" + encode(code) + "&state=" + encode(state.get()));
    }

    /** {@code POST /v2/oauth2 action=requesttoken}, both grant types. */
    SimulatorReply token(WithingsParams params) {
        var fault = applyFault(
                WithingsFaults.Target.TOKEN, params.string("grant_type").orElse(""));
        if (fault != null) {
            return fault;
        }
        try {
            if (!"requesttoken".equals(params.string("action").orElse(null))) {
                throw WithingsService.unknownAction(params.string("action").orElse(""));
            }
            String grantType = params.string("grant_type").orElse("");
            String client = params.string("client_id").orElse(null);
            String secret = params.string("client_secret").orElse(null);
            WithingsTokens.Issued issued =
                    switch (grantType) {
                        case "authorization_code" -> tokens.exchange(
                                client, secret, params.required("code"), params.required("redirect_uri"));
                        case "refresh_token" -> tokens.refresh(client, secret, params.required("refresh_token"));
                        default -> throw WithingsApiError.invalidParam("grant_type");
                    };
            stats.count("token." + grantType);
            ObjectNode body = WithingsJson.object();
            body.put("userid", issued.userid());
            body.put("access_token", issued.accessToken());
            body.put("refresh_token", issued.refreshToken());
            body.put("expires_in", issued.expiresIn());
            body.put("scope", issued.scope());
            body.put("token_type", "Bearer");
            return SimulatorReply.json(WithingsJson.ok(body));
        } catch (WithingsApiError e) {
            stats.count("token.refused");
            return SimulatorReply.json(WithingsJson.error(e.status(), e.getMessage()));
        }
    }

    /** A data call: {@code service} is {@code measure}, {@code v2/measure}, {@code v2/heart}, … */
    SimulatorReply api(String service, WithingsParams params, String authorization) {
        WithingsService target = services.get(service);
        if (target == null) {
            return SimulatorReply.text(404, "Not Found");
        }
        String action = params.string("action").orElse("");
        stats.count("api." + service + "." + action);
        var fault = applyFault(WithingsFaults.Target.DATA, "");
        if (fault != null) {
            return fault;
        }
        try {
            String accessToken =
                    authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())
                            ? authorization.substring(BEARER.length()).trim()
                            : params.string("access_token").orElse(null);
            String userid = tokens.authenticate(accessToken);
            return SimulatorReply.json(WithingsJson.ok(target.call(action, userid, params, now())));
        } catch (WithingsApiError e) {
            stats.count("api.errors." + e.status());
            return SimulatorReply.json(WithingsJson.error(e.status(), e.getMessage()));
        }
    }

    /** Control: record a measure group for {@code userid} and notify the subscribed callbacks. */
    SimulatorReply recordMeasurement(String userid, JsonNode request) {
        SimulatorReply reply = recorder.record(userid, request, now());
        if (reply.httpStatus() == 200) {
            stats.count("notifications.recorded");
        }
        return reply;
    }

    /** Control: the user withdraws the application's access; their access and refresh tokens die. */
    SimulatorReply revokeUser(String userid) {
        int revoked = tokens.revokeUser(userid);
        stats.count("control.revoke");
        return SimulatorReply.json(
                200, WithingsJson.object().put("userid", userid).put("revoked_tokens", revoked));
    }

    /** Control: arm a fault, {@code {"target":"data"|"token", "status"|"http_status"|"latency_ms", "count"}}. */
    SimulatorReply armFault(JsonNode request) {
        if (request == null || !request.isObject()) {
            return SimulatorReply.badRequest("a JSON object is required");
        }
        String target = request.path("target").asText("data");
        if (!"data".equals(target) && !"token".equals(target)) {
            return SimulatorReply.badRequest("target must be data or token");
        }
        try {
            faults.arm(
                    WithingsFaults.Target.valueOf(target.toUpperCase(java.util.Locale.ROOT)),
                    WithingsFaults.Fault.fromJson(request));
        } catch (IllegalArgumentException e) {
            return SimulatorReply.badRequest(e.getMessage());
        }
        return faults();
    }

    SimulatorReply clearFaults() {
        faults.clear();
        return faults();
    }

    SimulatorReply faults() {
        ObjectNode body = WithingsJson.object();
        faults.armed()
                .forEach((target, fault) -> body.set(target.name().toLowerCase(java.util.Locale.ROOT), fault.toJson()));
        return SimulatorReply.json(200, body);
    }

    /** Control: counters of authorize, token and data calls. */
    SimulatorReply stats() {
        ObjectNode body = WithingsJson.object();
        stats.snapshot().forEach(body::put);
        return SimulatorReply.json(200, body);
    }

    /** Control: forget tokens, subscriptions, recorded measurements, faults and counters. */
    SimulatorReply reset() {
        tokens.clear();
        subscriptions.clear();
        recorded.clear();
        faults.clear();
        stats.clear();
        return SimulatorReply.json(200, WithingsJson.object().put("reset", true));
    }

    /** {@code grantType} words an injected 503 on the token endpoint as Withings words the real refusal. */
    private SimulatorReply applyFault(WithingsFaults.Target target, String grantType) {
        var armed = faults.take(target);
        if (armed.isEmpty()) {
            return null;
        }
        var fault = armed.get();
        stats.count("faults." + target.name().toLowerCase(java.util.Locale.ROOT));
        if (fault.latencyMillis() > 0) {
            pause.accept(fault.latencyMillis());
        }
        if (fault.httpStatus() != 0) {
            return SimulatorReply.text(fault.httpStatus(), "Injected HTTP " + fault.httpStatus());
        }
        if (fault.status() != 0) {
            String message = fault.status() != WithingsStatus.INVALID_PARAMS
                    ? messageFor(fault.status())
                    : "refresh_token".equals(grantType)
                            ? "Invalid Params: invalid refresh_token"
                            : "authorization_code".equals(grantType)
                                    ? "Invalid Params: invalid code"
                                    : messageFor(fault.status());
            return SimulatorReply.json(WithingsJson.error(fault.status(), message));
        }
        return null;
    }

    private static String messageFor(int status) {
        return switch (status) {
            case WithingsStatus.TOO_MANY_REQUESTS -> "Too many request";
            case WithingsStatus
                    .INVALID_TOKEN -> "XRequestID: Not provided invalid_token: The access token provided is invalid";
            case WithingsStatus.INVALID_PARAMS -> "Invalid Params";
            case 522 -> "Timeout";
            default -> "An error occurred";
        };
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
