package org.openhealthexchange.provider.fitbit.google;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openhealthexchange.core.http.Retrier;
import org.openhealthexchange.core.http.RetryPolicy;
import org.openhealthexchange.core.record.DataType;
import org.openhealthexchange.core.record.DeviceInfo;
import org.openhealthexchange.core.record.HealthRecord;
import org.openhealthexchange.core.record.Measurement;
import org.openhealthexchange.core.record.Series;
import org.openhealthexchange.core.spi.AuthorizationRequest;
import org.openhealthexchange.core.spi.CallBudget;
import org.openhealthexchange.core.spi.FetchRequest;
import org.openhealthexchange.core.spi.ProviderException;
import org.openhealthexchange.core.spi.TokenGrant;
import org.openhealthexchange.provider.fitbit.config.Fitbit;
import org.openhealthexchange.provider.fitbit.config.FitbitSettings;
import org.openhealthexchange.testkit.RecordingTokens;

class GoogleHealthApiTest {

    private static final Instant NOW = Instant.parse("2026-03-10T12:00:00Z");
    private static final String DP = "/v4/users/me/dataTypes/";
    private final FakeGoogleHealth google = new FakeGoogleHealth();

    @AfterEach
    void close() {
        google.close();
    }

    private GoogleHealthApi api(int perMinute) {
        FitbitSettings s = FitbitSettings.forSandbox(google.baseUrl(), Fitbit.GOOGLE_HEALTH, "cid", "csecret");
        var g = s.google();
        s = s.withGoogle(new FitbitSettings.Google(
                g.clientId(),
                g.clientSecret(),
                google.baseUrl() + "/auth",
                google.baseUrl() + "/token",
                google.baseUrl() + "/revoke",
                google.baseUrl() + "/v4",
                List.of("a", "b"),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                2,
                perMinute));
        return new GoogleHealthApi(s.withRetry(RetryPolicy.none()), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    /** With per-call retries: 4 attempts, waits recorded instead of slept, a budget of 10 s per fetch. */
    private GoogleHealthApi retrying(List<Duration> slept) {
        var policy = new RetryPolicy(4, Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(10));
        FitbitSettings s = FitbitSettings.forSandbox(google.baseUrl(), Fitbit.GOOGLE_HEALTH, "cid", "csecret");
        var g = s.google();
        s = s.withGoogle(new FitbitSettings.Google(
                g.clientId(),
                g.clientSecret(),
                google.baseUrl() + "/auth",
                google.baseUrl() + "/token",
                google.baseUrl() + "/revoke",
                google.baseUrl() + "/v4",
                List.of("a", "b"),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                2,
                300));
        return new GoogleHealthApi(s, Clock.fixed(NOW, ZoneOffset.UTC), new Retrier(policy, slept::add, () -> 1.0));
    }

    @Test
    void transientFailuresOfADataCallAreRetriedAndARetryAfterIsWaitedFor() throws Exception {
        List<Duration> slept = new ArrayList<>();
        google.on(
                DP + "weight/dataPoints",
                c -> FakeGoogleHealth.Reply.json(
                        503,
                        "{\"error\":{\"code\":503,\"message\":\"The service is currently unavailable.\",\"status\":\"UNAVAILABLE\"}}"));
        google.on(
                DP + "weight/dataPoints",
                c -> new FakeGoogleHealth.Reply(
                        429,
                        Map.of("Retry-After", "1"),
                        "{\"error\":{\"code\":429,\"status\":\"RESOURCE_EXHAUSTED\"}}"));
        google.json(
                DP + "weight/dataPoints",
                200,
                "{\"dataPoints\":[" + weight("w1", "2026-03-01T07:00:00Z", "71000") + "]}");
        List<HealthRecord> records = fetch(retrying(slept), Set.of(DataType.WEIGHT), new RecordingTokens());
        assertTrue(records.stream().anyMatch(r -> r.type() == DataType.WEIGHT), records::toString);
        assertEquals(3, google.calls(DP + "weight/dataPoints").size());
        assertEquals(List.of(Duration.ofMillis(100), Duration.ofSeconds(1)), slept, "Retry-After is the least wait");
    }

    @Test
    void aRetryInfoDelayInTheErrorBodyCountsAsARetryAfter() throws Exception {
        List<Duration> slept = new ArrayList<>();
        google.on(
                DP + "weight/dataPoints",
                c -> FakeGoogleHealth.Reply.json(
                        429,
                        "{\"error\":{\"code\":429,\"status\":\"RESOURCE_EXHAUSTED\",\"details\":[{\"@type\":"
                                + "\"type.googleapis.com/google.rpc.RetryInfo\",\"retryDelay\":\"2.5s\"}]}}"));
        google.json(DP + "weight/dataPoints", 200, "{\"dataPoints\":[]}");
        fetch(retrying(slept), Set.of(DataType.WEIGHT), new RecordingTokens());
        assertEquals(List.of(Duration.ofMillis(2500)), slept);
    }

    @Test
    void aRepeatedPageTokenIsABadResponseNotAnEndlessLoop() {
        google.json(DP + "weight/dataPoints", 200, "{\"dataPoints\":[],\"nextPageToken\":\"p2\"}");
        google.json(DP + "weight/dataPoints", 200, "{\"dataPoints\":[],\"nextPageToken\":\"p2\"}");
        ProviderException e = assertThrows(
                ProviderException.class, () -> fetch(api(300), Set.of(DataType.WEIGHT), new RecordingTokens()));
        assertEquals(ProviderException.Kind.BAD_RESPONSE, e.kind());
        assertEquals(2, google.calls(DP + "weight/dataPoints").size());
    }

    @Test
    void aRetryAfterBeyondTheFetchBudgetEndsTheFetchAtOnceWithThatDelay() {
        List<Duration> slept = new ArrayList<>();
        google.on(DP + "weight/dataPoints", c -> new FakeGoogleHealth.Reply(429, Map.of("Retry-After", "17"), "{}"));
        ProviderException e = assertThrows(
                ProviderException.class, () -> fetch(retrying(slept), Set.of(DataType.WEIGHT), new RecordingTokens()));
        assertEquals(ProviderException.Kind.RATE_LIMITED, e.kind());
        assertEquals(Optional.of(Duration.ofSeconds(17)), e.retryAfter());
        assertEquals(1, google.calls(DP + "weight/dataPoints").size());
        assertEquals(List.of(), slept);
    }

    @Test
    void aFailedRefreshIsNotRepeated() {
        List<Duration> slept = new ArrayList<>();
        google.on("/token", c -> FakeGoogleHealth.Reply.json(502, "{}"));
        assertEquals(
                ProviderException.Kind.UNAVAILABLE,
                assertThrows(ProviderException.class, () -> retrying(slept).refresh("rt"))
                        .kind());
        assertEquals(1, google.calls("/token").size(), "the refresh token may have rotated");
    }

    @Test
    void authorizeUrlCarriesPkceOfflineAccessAndSpaceSeparatedScopes() {
        String url = api(300).authorizationUrl(new AuthorizationRequest("st", "https://ohe/cb", "chal"))
                .toString();
        String q = URLDecoder.decode(url.substring(url.indexOf('?') + 1), StandardCharsets.UTF_8);
        assertTrue(url.startsWith(google.baseUrl() + "/auth?"));
        for (String p : List.of(
                "client_id=cid",
                "redirect_uri=https://ohe/cb",
                "response_type=code",
                "scope=a b",
                "state=st",
                "code_challenge=chal",
                "code_challenge_method=S256",
                "access_type=offline",
                "prompt=consent")) {
            assertTrue(q.contains(p), p + " in " + q);
        }
    }

    @Test
    void exchangeSendsVerifierAndClientSecretAndTakesHealthUserIdFromIdentity() throws Exception {
        google.json(
                "/token",
                200,
                "{\"access_token\":\"at\",\"refresh_token\":\"rt\",\"expires_in\":3599,"
                        + "\"scope\":\"a b\",\"token_type\":\"Bearer\"}");
        google.json(
                "/v4/users/me/identity",
                200,
                "{\"name\":\"users/me/identity\",\"legacyUserId\":\"2E4R\",\"healthUserId\":\"hu-1\"}");
        TokenGrant g = api(300).exchange("code-1", "https://ohe/cb", "verifier");
        assertEquals("hu-1", g.externalUserId());
        assertEquals("at", g.accessToken());
        assertEquals("rt", g.refreshToken());
        assertEquals(NOW.plusSeconds(3599), g.expiresAt());
        assertEquals(Set.of("a", "b"), g.scopes());
        Map<String, String> form = google.calls("/token").get(0).params();
        assertEquals("authorization_code", form.get("grant_type"));
        assertEquals("verifier", form.get("code_verifier"));
        assertEquals("csecret", form.get("client_secret"));
        assertEquals("Bearer at", google.calls("/v4/users/me/identity").get(0).header("Authorization"));
    }

    @Test
    void refreshKeepsOrRotatesTheRefreshTokenAndMapsErrors() throws Exception {
        google.json("/token", 200, "{\"access_token\":\"a2\",\"expires_in\":60}");
        google.json("/token", 200, "{\"access_token\":\"a3\",\"refresh_token\":\"r3\",\"expires_in\":60}");
        google.json("/token", 400, "{\"error\":\"invalid_grant\"}");
        google.on("/token", c -> FakeGoogleHealth.Reply.json(503, "{}"));
        GoogleHealthApi api = api(300);
        assertEquals("r1", api.refresh("r1").refreshToken());
        assertEquals("r3", api.refresh("r1").refreshToken());
        assertEquals(
                ProviderException.Kind.GRANT_REVOKED,
                assertThrows(ProviderException.class, () -> api.refresh("r3")).kind());
        assertEquals(
                ProviderException.Kind.UNAVAILABLE,
                assertThrows(ProviderException.class, () -> api.refresh("r3")).kind());
    }

    @Test
    void revokePostsTheRefreshTokenAndToleratesAnAlreadyRevokedOne() throws Exception {
        google.json("/revoke", 200, "{}");
        google.json("/revoke", 400, "{\"error\":\"invalid_token\"}");
        GoogleHealthApi api = api(300);
        api.revoke(new TokenGrant("u", "at", "rt", NOW, Set.of()));
        api.revoke(new TokenGrant("u", "at", "rt", NOW, Set.of()));
        assertEquals("rt", google.calls("/revoke").get(0).params().get("token"));
    }

    @Test
    void weightPagesAreFollowedAndInt64StringsAccepted() throws Exception {
        google.json(
                DP + "weight/dataPoints",
                200,
                "{\"dataPoints\":[" + weight("w1", "2026-03-01T07:00:00Z", "72500") + "],\"nextPageToken\":\"p2\"}");
        google.json(
                DP + "weight/dataPoints",
                200,
                "{\"dataPoints\":[" + weight("w2", "2026-03-02T07:00:00Z", "72400.5") + "]}");
        List<HealthRecord> records = fetch(api(300), Set.of(DataType.WEIGHT, DataType.DEVICE), new RecordingTokens());
        var calls = google.calls(DP + "weight/dataPoints");
        assertEquals(2, calls.size());
        assertEquals("p2", calls.get(1).params().get("pageToken"));
        assertEquals("2", calls.get(0).params().get("pageSize"));
        assertEquals(
                "weight.sample_time.physical_time >= \"2026-03-01T00:00:00Z\" AND "
                        + "weight.sample_time.physical_time < \"2026-03-03T00:00:00Z\"",
                calls.get(0).params().get("filter"));
        List<Measurement> m = records.stream()
                .filter(r -> r instanceof Measurement)
                .map(r -> (Measurement) r)
                .toList();
        assertEquals(List.of("w1", "w2"), m.stream().map(Measurement::sourceId).toList());
        assertEquals("72500", m.get(0).value().toPlainString());
        assertEquals("g", m.get(0).ucumUnit());
        assertEquals(1, records.stream().filter(r -> r instanceof DeviceInfo).count(), "device once per sync");
    }

    @Test
    void heartRateIsReadForTheWholeWindowPageByPageAndOnlyCompleteHoursAreEmitted() throws Exception {
        google.json(
                DP + "heart-rate/dataPoints",
                200,
                "{\"dataPoints\":[" + hr("2026-03-01T10:00:00Z", "70") + "," + hr("2026-03-01T10:00:30Z", "72")
                        + "],\"nextPageToken\":\"p2\"}");
        google.json(DP + "heart-rate/dataPoints", 200, "{\"dataPoints\":[" + hr("2026-03-01T10:59:00Z", "80") + "]}");
        List<HealthRecord> records = fetch(api(300), Set.of(DataType.HEART_RATE), new RecordingTokens());
        var calls = google.calls(DP + "heart-rate/dataPoints");
        assertEquals(2, calls.size(), "one query for the whole window, two pages");
        assertEquals("p2", calls.get(1).params().get("pageToken"));
        Series s = (Series) records.get(0);
        assertEquals("hr-2026-03-01T10:00:00Z-PT1H", s.sourceId());
        assertEquals(71.0, s.samples()[0]);
        assertEquals(80.0, s.samples()[59]);
        assertTrue(Double.isNaN(s.samples()[1]));
    }

    @Test
    void stepsBecomeSeriesAndCompleteDailyTotals() throws Exception {
        google.json(
                DP + "steps/dataPoints",
                200,
                "{\"dataPoints\":[" + steps("2026-03-01T08:00:00Z", "2026-03-01T08:01:00Z", "40") + ","
                        + steps("2026-03-01T08:01:00Z", "2026-03-01T08:03:00Z", "60")
                        + "]}");
        google.json(DP + "steps/dataPoints", 200, "{\"dataPoints\":[]}");
        List<HealthRecord> records = fetch(api(300), Set.of(DataType.STEPS), new RecordingTokens());
        Series s = (Series)
                records.stream().filter(r -> r instanceof Series).findFirst().orElseThrow();
        assertEquals("steps-2026-03-01T08:00:00Z-PT1H", s.sourceId());
        assertEquals(DataType.STEPS, s.type());
        assertEquals("{steps}", s.ucumUnit());
        assertEquals(40.0, s.samples()[0]);
        assertEquals(30.0, s.samples()[1]);
        Measurement daily = (Measurement) records.stream()
                .filter(r -> r instanceof Measurement)
                .findFirst()
                .orElseThrow();
        assertEquals("steps-daily-2026-03-01", daily.sourceId());
        assertEquals("100", daily.value().toPlainString());
        assertEquals("/d", daily.ucumUnit());
    }

    @Test
    void aWindowReachingIntoTodayLeavesTheHourAndTheDayInProgressForALaterSync() throws Exception {
        google.json(
                DP + "heart-rate/dataPoints",
                200,
                "{\"dataPoints\":[" + hr("2026-03-10T11:30:00Z", "70") + "," + hr("2026-03-10T12:10:00Z", "90")
                        + "]}"); // it is 12:00
        google.json(
                DP + "steps/dataPoints",
                200,
                "{\"dataPoints\":[" + steps("2026-03-09T08:00:00Z", "2026-03-09T08:01:00Z", "40") + ","
                        + steps("2026-03-10T11:00:00Z", "2026-03-10T11:01:00Z", "25")
                        + "]}");
        List<HealthRecord> out = new ArrayList<>();
        api(300).fetch(
                        new FetchRequest(
                                "ehr-1",
                                "hu-1",
                                Instant.parse("2026-03-09T00:00:00Z"),
                                Instant.parse("2026-03-12T00:00:00Z"),
                                Set.of(DataType.HEART_RATE, DataType.STEPS),
                                Optional.empty(),
                                new RecordingTokens()),
                        out::addAll);

        assertEquals(
                List.of(
                        "hr-2026-03-10T11:00:00Z-PT1H",
                        "steps-2026-03-09T08:00:00Z-PT1H",
                        "steps-2026-03-10T11:00:00Z-PT1H",
                        "steps-daily-2026-03-09"),
                out.stream().map(HealthRecord::sourceId).toList(),
                "12:00–13:00 and 10 March are not over");
        assertTrue(out.stream()
                .filter(Series.class::isInstance)
                .map(Series.class::cast)
                .noneMatch(s -> s.end().isAfter(NOW)));
    }

    @Test
    void aRejectedTokenIsRefreshedOnceThenTheCallRetried() throws Exception {
        google.on(
                DP + "oxygen-saturation/dataPoints",
                c -> "Bearer token-0".equals(c.header("Authorization"))
                        ? FakeGoogleHealth.Reply.json(401, "{}")
                        : FakeGoogleHealth.Reply.json(200, "{\"dataPoints\":[]}"));
        RecordingTokens tokens = new RecordingTokens();
        fetch(api(300), Set.of(DataType.OXYGEN_SATURATION), tokens);
        assertEquals(List.of("token-0"), tokens.rejected());
        google.json(DP + "sleep/dataPoints", 401, "{}");
        assertEquals(
                ProviderException.Kind.UNAUTHORIZED,
                assertThrows(
                                ProviderException.class,
                                () -> fetch(api(300), Set.of(DataType.SLEEP), new RecordingTokens()))
                        .kind());
    }

    @Test
    void vendor429AndTheClientBudgetEndTheFetchAsRateLimited() {
        google.on(DP + "weight/dataPoints", c -> new FakeGoogleHealth.Reply(429, Map.of("Retry-After", "17"), "{}"));
        ProviderException e = assertThrows(
                ProviderException.class, () -> fetch(api(300), Set.of(DataType.WEIGHT), new RecordingTokens()));
        assertEquals(ProviderException.Kind.RATE_LIMITED, e.kind());
        assertEquals(Optional.of(Duration.ofSeconds(17)), e.retryAfter());

        google.json(DP + "heart-rate/dataPoints", 200, "{\"dataPoints\":[]}");
        google.json(DP + "steps/dataPoints", 200, "{\"dataPoints\":[]}");
        ProviderException budget = assertThrows(
                ProviderException.class,
                () -> fetch(api(1), Set.of(DataType.HEART_RATE, DataType.STEPS), new RecordingTokens()));
        assertEquals(ProviderException.Kind.RATE_LIMITED, budget.kind());
        assertTrue(budget.retryAfter().orElseThrow().toSeconds() > 2);
        assertEquals(
                1,
                google.calls(DP + "heart-rate/dataPoints").size()
                        + google.calls(DP + "steps/dataPoints").size(),
                "the second request waits for the budget");
    }

    @Test
    void aTypeTheUserDidNotGrantIsSkippedAndTheOthersStillSync() throws Exception {
        google.json(
                DP + "oxygen-saturation/dataPoints",
                403,
                "{\"error\":{\"code\":403,\"status\":\"PERMISSION_DENIED\"}}");
        google.json(
                DP + "weight/dataPoints",
                200,
                "{\"dataPoints\":[" + weight("w1", "2026-03-01T07:00:00Z", "71000") + "]}");
        List<HealthRecord> records =
                fetch(api(300), Set.of(DataType.OXYGEN_SATURATION, DataType.WEIGHT), new RecordingTokens());
        assertTrue(records.stream().anyMatch(r -> r.type() == DataType.WEIGHT), records::toString);
        assertTrue(records.stream().noneMatch(r -> r.type() == DataType.OXYGEN_SATURATION));
    }

    @Test
    void aSharedBudgetReplacesTheLocalOneAndItsRefusalEndsTheFetch() throws Exception {
        google.json(DP + "heart-rate/dataPoints", 200, "{\"dataPoints\":[]}");
        google.json(DP + "steps/dataPoints", 200, "{\"dataPoints\":[]}");
        List<String> keys = new ArrayList<>();
        CallBudget granting = (key, limit, window) -> {
            keys.add(key + " " + limit + "/" + window);
            return Duration.ZERO;
        };
        // The local budget would allow one call a minute; the shared one decides.
        fetchWith(api(1), Set.of(DataType.HEART_RATE, DataType.STEPS), granting);
        assertEquals(List.of("fitbit:google-health:hu-1 1/PT1M", "fitbit:google-health:hu-1 1/PT1M"), keys);

        CallBudget spent = (key, limit, window) -> Duration.ofSeconds(40);
        ProviderException e =
                assertThrows(ProviderException.class, () -> fetchWith(api(300), Set.of(DataType.WEIGHT), spent));
        assertEquals(ProviderException.Kind.RATE_LIMITED, e.kind());
        assertEquals(Optional.of(Duration.ofSeconds(40)), e.retryAfter());
        assertEquals(0, google.calls(DP + "weight/dataPoints").size(), "nothing was sent");
    }

    private static void fetchWith(GoogleHealthApi api, Set<DataType> types, CallBudget budget)
            throws ProviderException {
        api.fetch(
                new FetchRequest(
                        "ehr-1",
                        "hu-1",
                        Instant.parse("2026-03-01T00:00:00Z"),
                        Instant.parse("2026-03-03T00:00:00Z"),
                        types,
                        Optional.empty(),
                        new RecordingTokens(),
                        budget),
                records -> {});
    }

    @Test
    void malformedRepliesAreBadResponses() {
        google.json(DP + "weight/dataPoints", 200, "{\"dataPoints\":[{\"name\":\"x/1\",\"weight\":{}}]}");
        assertEquals(
                ProviderException.Kind.BAD_RESPONSE,
                assertThrows(
                                ProviderException.class,
                                () -> fetch(api(300), Set.of(DataType.WEIGHT), new RecordingTokens()))
                        .kind());
    }

    private static List<HealthRecord> fetch(GoogleHealthApi api, Set<DataType> types, RecordingTokens tokens)
            throws ProviderException {
        List<HealthRecord> out = new ArrayList<>();
        api.fetch(
                new FetchRequest(
                        "ehr-1",
                        "hu-1",
                        Instant.parse("2026-03-01T00:00:00Z"),
                        Instant.parse("2026-03-03T00:00:00Z"),
                        types,
                        Optional.empty(),
                        tokens),
                out::addAll);
        return out;
    }

    static String weight(String id, String time, String grams) {
        return "{\"name\":\"users/hu-1/dataTypes/weight/dataPoints/" + id + "\",\"dataSource\":{\"recordingMethod\":"
                + "\"ACTIVELY_MEASURED\",\"device\":{\"displayName\":\"Aria Air\",\"manufacturer\":\"Fitbit\","
                + "\"formFactor\":\"SCALE\"}},\"weight\":{\"sampleTime\":{\"physicalTime\":\"" + time
                + "\",\"utcOffset\":\"3600s\"},\"weightGrams\":\"" + grams + "\"}}";
    }

    static String hr(String time, String bpm) {
        return "{\"heartRate\":{\"sampleTime\":{\"physicalTime\":\"" + time + "\"},\"beatsPerMinute\":\"" + bpm
                + "\"}}";
    }

    static String steps(String start, String end, String count) {
        return "{\"steps\":{\"interval\":{\"startTime\":\"" + start + "\",\"endTime\":\"" + end + "\"},\"count\":\""
                + count + "\"}}";
    }

    @Test
    void subscriptionsAreNoOps() {
        api(300).subscribe(null, "https://x");
        api(300).unsubscribe(null, "https://x");
        assertTrue(google.calls("/v4/users/me/identity").isEmpty(), "no vendor call");
    }
}
