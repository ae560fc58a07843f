package org.openhealthexchange.provider.fitbit.legacy;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.openhealthexchange.core.http.HttpTimeouts;
import org.openhealthexchange.core.http.Retrier;
import org.openhealthexchange.core.http.RetryBudget;
import org.openhealthexchange.core.record.DataType;
import org.openhealthexchange.core.record.HealthRecord;
import org.openhealthexchange.core.spi.AccessTokenSource;
import org.openhealthexchange.core.spi.AuthorizationRequest;
import org.openhealthexchange.core.spi.FetchOutcome;
import org.openhealthexchange.core.spi.FetchRequest;
import org.openhealthexchange.core.spi.ProviderException;
import org.openhealthexchange.core.spi.ProviderException.Kind;
import org.openhealthexchange.core.spi.RecordBatchConsumer;
import org.openhealthexchange.core.spi.TokenGrant;
import org.openhealthexchange.provider.fitbit.config.Fitbit;
import org.openhealthexchange.provider.fitbit.config.FitbitApi;
import org.openhealthexchange.provider.fitbit.config.FitbitSettings;
import org.openhealthexchange.provider.fitbit.legacy.client.LegacyHttp;
import org.openhealthexchange.provider.fitbit.legacy.client.LegacyRateLimiter;
import org.openhealthexchange.provider.fitbit.mapping.HeartRateWindows;

/**
 * The legacy Fitbit Web API (retired 2026-09-30: afterwards it answers 410 Gone, reported as
 * {@link Kind#REJECTED}). OAuth 2.0 authorization code with PKCE (S256) and Basic client authentication;
 * data from the {@code /1/user/-/…} resources in the user's local time, converted with the profile's zone.
 *
 * <p>Requests count against Fitbit's 150 per user and hour, also on the client side ({@link LegacyRateLimiter}).
 */
public class LegacyFitbitApi implements FitbitApi {

    /** The subscription id of every link: one per user and subscriber, independent of the EHR user. */
    public static final String SUBSCRIPTION_ID = "ohe";
    /** Days per range request (Fitbit caps ranges at 30 days for SpO2 and HRV, 31 for weight). */
    static final int RANGE_DAYS = 30;

    private static final int BATCH = 500;
    private static final List<DataType> ORDER = List.of(
            DataType.HEART_RATE,
            DataType.STEPS,
            DataType.WEIGHT,
            DataType.OXYGEN_SATURATION,
            DataType.HEART_RATE_VARIABILITY,
            DataType.SLEEP,
            DataType.DEVICE);

    private final FitbitSettings settings;
    private final Clock clock;
    private final LegacyHttp http;

    public LegacyFitbitApi(FitbitSettings settings) {
        this(settings, Clock.systemUTC(), LegacyRateLimiter.DEFAULT_PER_HOUR);
    }

    /** With an injectable clock and client-side hourly budget (tests). */
    public LegacyFitbitApi(FitbitSettings settings, Clock clock, int requestsPerHour) {
        this(settings, clock, requestsPerHour, Retrier.of(settings.retry()));
    }

    /** With the retry loop's sleeper and randomness injectable as well (tests). */
    LegacyFitbitApi(FitbitSettings settings, Clock clock, int requestsPerHour, Retrier retrier) {
        this.settings = settings;
        this.clock = clock;
        this.http = new LegacyHttp(
                new LegacyHttp.Client(
                        settings.legacy().clientId(),
                        settings.legacy().clientSecret(),
                        settings.legacy().apiBaseUrl()),
                HttpTimeouts.of(settings.requestTimeout()),
                new LegacyRateLimiter(requestsPerHour, clock),
                retrier);
    }

    @Override
    public String generation() {
        return Fitbit.LEGACY;
    }

    @Override
    public URI authorizationUrl(AuthorizationRequest request) {
        Map<String, String> q = new LinkedHashMap<>();
        q.put(
                "client_id",
                settings.legacy()
                        .clientId()
                        .orElseThrow(() ->
                                new IllegalStateException("ohe.provider.fitbit.legacy.client-id is not configured")));
        q.put("response_type", "code");
        q.put("scope", String.join(" ", settings.legacy().scopes()));
        q.put("redirect_uri", request.redirectUri());
        q.put("state", request.state());
        if (request.codeChallenge() != null) {
            q.put("code_challenge", request.codeChallenge());
            q.put("code_challenge_method", "S256");
        }
        return URI.create(settings.legacy().authorizeUrl() + "?" + LegacyHttp.form(q));
    }

    @Override
    public TokenGrant exchange(String code, String redirectUri, String codeVerifier) throws ProviderException {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("client_id", settings.legacy().clientId().orElse(null));
        form.put("code", code);
        form.put("redirect_uri", redirectUri);
        form.put("code_verifier", codeVerifier);
        return grant(http.clientCall(settings.legacy().tokenUrl(), form).body());
    }

    @Override
    public TokenGrant refresh(String refreshToken) throws ProviderException {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "refresh_token");
        form.put("refresh_token", refreshToken);
        return grant(http.clientCall(settings.legacy().tokenUrl(), form).body());
    }

    /**
     * Revokes the refresh token (which revokes its access tokens too), else the access token. A token Fitbit no
     * longer accepts is revoked already.
     */
    @Override
    public void revoke(TokenGrant grant) throws ProviderException {
        String token = grant.refreshToken() != null ? grant.refreshToken() : grant.accessToken();
        try {
            http.clientCall(settings.legacy().revokeUrl(), Map.of("token", token));
        } catch (ProviderException e) {
            if (e.kind() != Kind.GRANT_REVOKED && e.kind() != Kind.UNAUTHORIZED) {
                throw e;
            }
        }
    }

    private TokenGrant grant(JsonNode body) throws ProviderException {
        if (!body.path("access_token").isTextual() || !body.path("user_id").isTextual()) {
            throw new ProviderException(Kind.BAD_RESPONSE, null, "Fitbit's token reply lacks access_token or user_id");
        }
        long expiresIn = body.path("expires_in").asLong(28_800);
        Set<String> scopes = body.path("scope").isTextual()
                ? Set.copyOf(Arrays.asList(body.path("scope").asText().trim().split("\\s+")))
                : Set.of();
        return new TokenGrant(
                body.path("user_id").asText(),
                body.path("access_token").asText(),
                body.path("refresh_token").isTextual()
                        ? body.path("refresh_token").asText()
                        : null,
                clock.instant().plusSeconds(expiresIn),
                scopes);
    }

    @Override
    public FetchOutcome fetch(FetchRequest request, RecordBatchConsumer out) throws ProviderException {
        List<DataType> types = ORDER.stream().filter(request.types()::contains).toList();
        if (types.isEmpty()) {
            return new FetchOutcome(0, Optional.empty());
        }
        Session s = new Session(
                request.externalUserId() != null ? request.externalUserId() : request.ehrUserId(), request.tokens());
        ZoneId zone = LegacyParsers.zone(s.get("/1/user/-/profile.json"));
        Instant now = clock.instant();
        long count = 0;
        for (DataType type : types) {
            try {
                count += emit(fetch(type, s, zone, request.start(), request.end(), now), out);
            } catch (ProviderException e) {
                if (!Fitbit.notConsented(e)) {
                    throw e;
                }
                Fitbit.logSkipped(type, generation());
            }
        }
        return new FetchOutcome(count, Optional.empty());
    }

    private List<? extends HealthRecord> fetch(
            DataType type, Session s, ZoneId zone, Instant start, Instant end, Instant now) throws ProviderException {
        LocalDate first = LocalDate.ofInstant(start, zone);
        LocalDate last = LocalDate.ofInstant(end.minusNanos(1), zone);
        return switch (type) {
            case HEART_RATE -> HeartRateWindows.toSeries(
                    intraday(s, "heart", zone, start, end, now), settings.heartRateWindow(), start, end, now, null);
            case STEPS -> {
                List<HealthRecord> steps = new ArrayList<>();
                for (LocalDate[] r : ranges(first, last)) {
                    steps.addAll(LegacyParsers.dailySteps(
                            s.get("/1/user/-/activities/steps/date/" + r[0] + "/" + r[1] + ".json"),
                            first,
                            last,
                            zone,
                            now));
                }
                steps.addAll(LegacyParsers.stepSeries(
                        intraday(s, "steps", zone, start, end, now), settings.heartRateWindow(), start, end, now));
                yield steps;
            }
            case WEIGHT -> {
                List<HealthRecord> weights = new ArrayList<>();
                for (LocalDate[] r : ranges(first, last)) {
                    weights.addAll(LegacyParsers.weights(
                            s.get(
                                    "/1/user/-/body/log/weight/date/" + r[0] + "/" + r[1] + ".json",
                                    Map.of("Accept-Language", LegacyHttp.METRIC_LOCALE)),
                            zone,
                            start,
                            end));
                }
                yield weights;
            }
            case OXYGEN_SATURATION -> {
                List<HealthRecord> spo2 = new ArrayList<>();
                for (LocalDate[] r : ranges(first, last)) {
                    spo2.addAll(LegacyParsers.spo2(
                            s.get("/1/user/-/spo2/date/" + r[0] + "/" + r[1] + ".json"), first, last, zone));
                }
                yield spo2;
            }
            case HEART_RATE_VARIABILITY -> {
                List<HealthRecord> hrv = new ArrayList<>();
                for (LocalDate[] r : ranges(first, last)) {
                    hrv.addAll(LegacyParsers.hrv(
                            s.get("/1/user/-/hrv/date/" + r[0] + "/" + r[1] + ".json"), first, last, zone));
                }
                yield hrv;
            }
            case SLEEP -> {
                // A sleep that starts in the window is filed under the date it ends on, possibly the next day.
                List<HealthRecord> sleep = new ArrayList<>();
                for (LocalDate[] r : ranges(first, last.plusDays(1))) {
                    sleep.addAll(LegacyParsers.sleep(
                            s.get("/1.2/user/-/sleep/date/" + r[0] + "/" + r[1] + ".json"), zone, start, end));
                }
                yield sleep;
            }
            case DEVICE -> LegacyParsers.devices(s.get("/1/user/-/devices.json"), zone);
            default -> List.of();
        };
    }

    /**
     * Minute samples of {@code resource} ({@code heart} or {@code steps}) for every local date that overlaps the
     * UTC-aligned windows around {@code [start, end)}, up to {@code now}.
     */
    private List<HeartRateWindows.Sample> intraday(
            Session s, String resource, ZoneId zone, Instant start, Instant end, Instant now) throws ProviderException {
        Duration window = settings.heartRateWindow();
        Instant from = HeartRateWindows.fetchStart(start, window);
        Instant to = HeartRateWindows.fetchEnd(end, window);
        to = to.isAfter(now) ? now : to;
        List<HeartRateWindows.Sample> samples = new ArrayList<>();
        if (!from.isBefore(to)) {
            return samples;
        }
        for (LocalDate d = LocalDate.ofInstant(from, zone);
                !d.isAfter(LocalDate.ofInstant(to.minusNanos(1), zone));
                d = d.plusDays(1)) {
            samples.addAll(LegacyParsers.intraday(
                    s.get("/1/user/-/activities/" + resource + "/date/" + d + "/1d/1min.json"), resource, d, zone));
        }
        return samples;
    }

    private static List<LocalDate[]> ranges(LocalDate first, LocalDate last) {
        List<LocalDate[]> out = new ArrayList<>();
        for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(RANGE_DAYS)) {
            LocalDate e = d.plusDays(RANGE_DAYS - 1);
            out.add(new LocalDate[] {d, e.isAfter(last) ? last : e});
        }
        return out;
    }

    private static long emit(List<? extends HealthRecord> records, RecordBatchConsumer out) {
        for (int i = 0; i < records.size(); i += BATCH) {
            out.accept(records.subList(i, Math.min(records.size(), i + BATCH)));
        }
        return records.size();
    }

    /**
     * {@code POST /1/user/-/apiSubscriptions/ohe.json} with {@code X-Fitbit-Subscriber-Id}: all collections to the
     * subscriber's endpoint (registered at Fitbit, so {@code callbackUrl} is not sent). 409 means it exists.
     */
    @Override
    public void subscribe(AccessTokenSource tokens, String callbackUrl) throws ProviderException {
        http.call(
                null,
                tokens,
                "POST",
                subscriptionPath(),
                Map.of("X-Fitbit-Subscriber-Id", settings.legacy().subscriberId()),
                Set.of(409));
    }

    /** {@code DELETE} of the same subscription; 404 means there is none. */
    @Override
    public void unsubscribe(AccessTokenSource tokens, String callbackUrl) throws ProviderException {
        http.call(
                null,
                tokens,
                "DELETE",
                subscriptionPath(),
                Map.of("X-Fitbit-Subscriber-Id", settings.legacy().subscriberId()),
                Set.of(404));
    }

    private static String subscriptionPath() {
        return "/1/user/-/apiSubscriptions/" + SUBSCRIPTION_ID + ".json";
    }

    /** One fetch's calls for one user. */
    private final class Session {
        private final String user;
        private final AccessTokenSource tokens;
        private final RetryBudget retries = http.fetchBudget();

        Session(String user, AccessTokenSource tokens) {
            this.user = user;
            this.tokens = tokens;
        }

        JsonNode get(String path) throws ProviderException {
            return get(path, Map.of());
        }

        JsonNode get(String path, Map<String, String> headers) throws ProviderException {
            return http.call(user, tokens, "GET", path, headers, Set.of(), retries)
                    .body();
        }
    }
}
