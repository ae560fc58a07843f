package org.openhealthexchange.provider.fitbit.legacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.openhealthexchange.provider.fitbit.legacy.FakeFitbit.resource;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openhealthexchange.core.http.Retrier;
import org.openhealthexchange.core.http.RetryPolicy;
import org.openhealthexchange.core.record.DataType;
import org.openhealthexchange.core.record.HealthRecord;
import org.openhealthexchange.core.record.Series;
import org.openhealthexchange.core.spi.AuthorizationRequest;
import org.openhealthexchange.core.spi.FetchRequest;
import org.openhealthexchange.core.spi.ProviderException;
import org.openhealthexchange.core.spi.ProviderException.Kind;
import org.openhealthexchange.core.spi.TokenGrant;
import org.openhealthexchange.provider.fitbit.FakeVendor.Reply;
import org.openhealthexchange.provider.fitbit.config.Fitbit;
import org.openhealthexchange.provider.fitbit.config.FitbitSettings;
import org.openhealthexchange.testkit.RecordingTokens;

class LegacyFitbitApiTest {

    private static final Instant NOW = Instant.parse("2026-06-02T12:00:00Z");
    private static final Instant START = Instant.parse("2026-06-01T00:00:00Z");
    private static final String HEART = "/1/user/-/activities/heart/date/2026-06-01/1d/1min.json";

    private final FakeFitbit fitbit = new FakeFitbit();
    private final FitbitSettings settings =
            FitbitSettings.forSandbox(fitbit.baseUrl(), Fitbit.LEGACY, "client-1", "secret-1");
    // forSandbox puts the legacy API under /sandbox/fitbit
    private static final String P = "/sandbox/fitbit";

    @AfterEach
    void stop() {
        fitbit.close();
    }

    private LegacyFitbitApi api(int perHour) {
        return new LegacyFitbitApi(settings.withRetry(RetryPolicy.none()), Clock.fixed(NOW, ZoneOffset.UTC), perHour);
    }

    private LegacyFitbitApi retrying(List<Duration> slept) {
        var policy = new RetryPolicy(4, Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(10));
        return new LegacyFitbitApi(
                settings, Clock.fixed(NOW, ZoneOffset.UTC), 150, new Retrier(policy, slept::add, () -> 1.0));
    }

    @Test
    void aDataCallIsRetriedAfterServerErrorsAndFitbitsShortReset() throws Exception {
        List<Duration> slept = new ArrayList<>();
        fitbit.reply(
                "GET",
                P + "/1/user/-/profile.json",
                new Reply(502, Map.of(), ""),
                new Reply(
                        429,
                        Map.of(
                                "Fitbit-Rate-Limit-Limit",
                                "150",
                                "Fitbit-Rate-Limit-Remaining",
                                "5",
                                "Fitbit-Rate-Limit-Reset",
                                "2"),
                        "{\"errors\":[{\"errorType\":\"system\"}]}"),
                Reply.ok(resource("profile.json")));
        fitbit.ok(P + "/1/user/-/devices.json", resource("devices.json"));
        var records =
                fetch(retrying(slept), Set.of(DataType.DEVICE), START, START.plusSeconds(60), new RecordingTokens());
        assertTrue(!records.isEmpty());
        assertEquals(
                3,
                fitbit.calls().stream()
                        .filter(c -> c.path().endsWith("/profile.json"))
                        .count());
        assertEquals(List.of(Duration.ofMillis(100), Duration.ofSeconds(2)), slept);
    }

    @Test
    void aResetBeyondTheBudgetAndTheTokenEndpointAreNotRetried() {
        List<Duration> slept = new ArrayList<>();
        fitbit.reply(
                "GET",
                P + "/1/user/-/profile.json",
                new Reply(
                        429,
                        Map.of("Fitbit-Rate-Limit-Remaining", "0", "Fitbit-Rate-Limit-Reset", "1234"),
                        "{\"errors\":[{\"errorType\":\"system\"}]}"));
        var e = assertThrows(
                ProviderException.class,
                () -> fetch(
                        retrying(slept), Set.of(DataType.DEVICE), START, START.plusSeconds(60), new RecordingTokens()));
        assertEquals(Optional.of(Duration.ofSeconds(1234)), e.retryAfter());
        fitbit.reply("POST", P + "/oauth2/token", new Reply(500, Map.of(), ""));
        assertEquals(
                Kind.UNAVAILABLE,
                assertThrows(ProviderException.class, () -> retrying(slept).refresh("rt"))
                        .kind());
        assertEquals(
                1,
                fitbit.calls().stream()
                        .filter(c -> c.path().endsWith("/oauth2/token"))
                        .count());
        assertEquals(List.of(), slept);
    }

    private static Map<String, String> form(String body) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            String[] kv = pair.split("=", 2);
            out.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
        }
        return out;
    }

    @Test
    void authorizeUrlCarriesClientScopesStateAndS256Challenge() {
        var url = api(150).authorizationUrl(new AuthorizationRequest("st-1", "https://ohe.example/cb", "chal"));
        assertTrue(url.toString().startsWith(fitbit.baseUrl() + P + "/oauth2/authorize?"));
        var q = form(url.getRawQuery());
        assertEquals(
                Map.of(
                        "client_id",
                        "client-1",
                        "response_type",
                        "code",
                        "scope",
                        "activity heartrate",
                        "redirect_uri",
                        "https://ohe.example/cb",
                        "state",
                        "st-1",
                        "code_challenge",
                        "chal",
                        "code_challenge_method",
                        "S256"),
                q);
        assertTrue(url.getRawQuery().contains("scope=activity%20heartrate"));
    }

    @Test
    void exchangeUsesBasicClientAuthAndPkceVerifier() throws Exception {
        fitbit.reply("POST", P + "/oauth2/token", Reply.ok(resource("token.json")));
        TokenGrant grant = api(150).exchange("code-1", "https://ohe.example/cb", "verifier-1");
        assertEquals("GGNJL9", grant.externalUserId());
        assertEquals(NOW.plusSeconds(28800), grant.expiresAt());
        assertEquals(Set.of("heartrate", "activity", "weight"), grant.scopes());
        var call = fitbit.calls().get(0);
        assertEquals(
                "Basic " + Base64.getEncoder().encodeToString("client-1:secret-1".getBytes()),
                call.header("Authorization"));
        var form = form(call.body());
        assertEquals("authorization_code", form.get("grant_type"));
        assertEquals("code-1", form.get("code"));
        assertEquals("verifier-1", form.get("code_verifier"));
        assertEquals("https://ohe.example/cb", form.get("redirect_uri"));
    }

    @Test
    void refreshErrorsBecomeKinds() {
        fitbit.reply(
                "POST",
                P + "/oauth2/token",
                new Reply(400, Map.of(), resource("error-invalid-grant.json")),
                new Reply(503, Map.of(), ""));
        var revoked = assertThrows(ProviderException.class, () -> api(150).refresh("old"));
        assertEquals(Kind.GRANT_REVOKED, revoked.kind());
        assertEquals(
                Kind.UNAVAILABLE,
                assertThrows(ProviderException.class, () -> api(150).refresh("old"))
                        .kind());
        assertEquals("refresh_token", form(fitbit.calls().get(0).body()).get("grant_type"));
    }

    @Test
    void revokePostsTheRefreshToken() throws Exception {
        fitbit.reply(
                "POST",
                P + "/oauth2/revoke",
                Reply.ok("{}"),
                new Reply(400, Map.of(), resource("error-invalid-grant.json")),
                new Reply(401, Map.of(), "{\"errors\":[{\"errorType\":\"invalid_client\"}]}"));
        api(150).revoke(new TokenGrant("U", "a", "r", NOW, Set.of()));
        assertEquals("r", form(fitbit.calls().get(0).body()).get("token"));
        api(150).revoke(new TokenGrant("U", "a", null, NOW, Set.of())); // already gone: fine
        assertEquals("a", form(fitbit.calls().get(1).body()).get("token"));
        assertEquals(
                Kind.REJECTED,
                assertThrows(ProviderException.class, () -> api(150).revoke(
                                        new TokenGrant("U", "a", "r", NOW, Set.of())))
                        .kind());
    }

    private List<HealthRecord> fetch(
            LegacyFitbitApi api, Set<DataType> types, Instant start, Instant end, RecordingTokens tokens)
            throws ProviderException {
        List<HealthRecord> out = new ArrayList<>();
        api.fetch(new FetchRequest("ehr-1", "GGNJL9", start, end, types, Optional.empty(), tokens), out::addAll);
        return out;
    }

    @Test
    void aTypeTheUserDidNotGrantIsSkippedAndTheOthersStillSync() throws Exception {
        fitbit.ok(P + "/1/user/-/profile.json", resource("profile.json"));
        fitbit.reply(
                "GET",
                P + HEART,
                new Reply(
                        403,
                        Map.of(),
                        "{\"errors\":[{\"errorType\":\"insufficient_scope\","
                                + "\"message\":\"This application does not have permission to access heartrate data\"}],\"success\":false}"));
        fitbit.ok(P + "/1/user/-/body/log/weight/date/2026-06-01/2026-06-02.json", resource("weight.json"));
        var records = fetch(
                api(150),
                Set.of(DataType.HEART_RATE, DataType.WEIGHT),
                START,
                START.plus(Duration.ofDays(1)),
                new RecordingTokens());
        assertFalse(records.isEmpty(), "the weights arrived");
        assertTrue(records.stream().allMatch(r -> r.type() == DataType.WEIGHT), records::toString);
    }

    @Test
    void heartRateLocalTimesBecomeUtcWindows() throws Exception {
        fitbit.ok(P + "/1/user/-/profile.json", resource("profile.json"))
                .ok(P + HEART, resource("heart-intraday.json"));
        var records = fetch(
                api(150), Set.of(DataType.HEART_RATE), START, START.plus(Duration.ofHours(2)), new RecordingTokens());
        assertEquals(2, records.size());
        Series first = (Series) records.get(0);
        assertEquals(START, first.start()); // 02:00 in Berlin (CEST) is 00:00Z
        assertEquals("hr-2026-06-01T00:00:00Z-PT1H", first.sourceId());
        assertEquals(61, first.samples()[0]);
        assertTrue(Double.isNaN(first.samples()[3]));
        assertEquals(66, first.samples()[59]);
        assertEquals(64, ((Series) records.get(1)).samples()[0]);
        assertEquals("Bearer token-0", fitbit.calls(P + HEART).get(0).header("Authorization"));
    }

    @Test
    void stepsGiveCompleteDailyTotalsAndMinuteSeries() throws Exception {
        fitbit.ok(P + "/1/user/-/profile.json", resource("profile.json"))
                .ok(P + "/1/user/-/activities/steps/date/2026-06-01/2026-06-01.json", resource("steps-daily.json"))
                .ok(P + "/1/user/-/activities/steps/date/2026-06-01/1d/1min.json", resource("steps-intraday.json"));
        var records =
                fetch(api(150), Set.of(DataType.STEPS), START, START.plus(Duration.ofHours(1)), new RecordingTokens());
        assertEquals(2, records.size(), records::toString);
        assertEquals("steps-daily-2026-06-01", records.get(0).sourceId());
        Series s = (Series) records.get(1);
        assertEquals("steps-2026-06-01T00:00:00Z-PT1H", s.sourceId());
        assertEquals(DataType.STEPS, s.type());
        assertEquals("{steps}", s.ucumUnit());
        assertEquals(102, s.samples()[3]);
    }

    @Test
    void aWindowReachingIntoTodayLeavesTheHourAndTheDayInProgressForALaterSync() throws Exception {
        String dataset = "{\"activities-%s-intraday\":{\"dataset\":[{\"time\":\"13:30:00\",\"value\":70},"
                + "{\"time\":\"14:30:00\",\"value\":72}]}}"; // 11:30Z and 12:30Z; it is 12:00Z
        fitbit.ok(P + "/1/user/-/profile.json", resource("profile.json"))
                .ok(P + HEART, "{\"activities-heart-intraday\":{\"dataset\":[]}}")
                .ok(P + "/1/user/-/activities/heart/date/2026-06-02/1d/1min.json", dataset.formatted("heart"))
                .ok(
                        P + "/1/user/-/activities/steps/date/2026-06-01/2026-06-03.json",
                        "{\"activities-steps\":["
                                + "{\"dateTime\":\"2026-06-01\",\"value\":\"8123\"},"
                                + "{\"dateTime\":\"2026-06-02\",\"value\":\"4000\"}]}")
                .ok(
                        P + "/1/user/-/activities/steps/date/2026-06-01/1d/1min.json",
                        "{\"activities-steps-intraday\":{\"dataset\":[]}}")
                .ok(P + "/1/user/-/activities/steps/date/2026-06-02/1d/1min.json", dataset.formatted("steps"));

        var records = fetch(
                api(150),
                Set.of(DataType.HEART_RATE, DataType.STEPS),
                START,
                START.plus(Duration.ofDays(2)),
                new RecordingTokens());

        assertEquals(
                List.of("hr-2026-06-02T11:00:00Z-PT1H", "steps-daily-2026-06-01", "steps-2026-06-02T11:00:00Z-PT1H"),
                records.stream().map(HealthRecord::sourceId).toList(),
                "12:00–13:00 and Berlin's 2 June are not over");
    }

    @Test
    void anExpiredTokenIsRefreshedOnceAndTheCallRetried() throws Exception {
        fitbit.ok(P + "/1/user/-/profile.json", resource("profile.json"));
        fitbit.reply(
                "GET",
                P + HEART,
                new Reply(401, Map.of(), resource("error-expired-token.json")),
                Reply.ok(resource("heart-intraday.json")));
        var tokens = new RecordingTokens();
        fetch(api(150), Set.of(DataType.HEART_RATE), START, START.plus(Duration.ofHours(1)), tokens);
        assertEquals(List.of("token-0"), tokens.rejected());
        assertEquals("Bearer token-1", fitbit.calls(P + HEART).get(1).header("Authorization"));
    }

    @Test
    void aSecondRejectionIsUnauthorized() {
        fitbit.ok(P + "/1/user/-/profile.json", resource("profile.json"));
        fitbit.reply("GET", P + HEART, new Reply(401, Map.of(), resource("error-expired-token.json")));
        var tokens = new RecordingTokens();
        var e = assertThrows(
                ProviderException.class,
                () -> fetch(api(150), Set.of(DataType.HEART_RATE), START, START.plus(Duration.ofHours(1)), tokens));
        assertEquals(Kind.UNAUTHORIZED, e.kind());
        assertEquals(1, tokens.rejected().size());
    }

    @Test
    void tooManyRequestsWaitsUntilFitbitsReset() {
        fitbit.reply(
                "GET",
                P + "/1/user/-/profile.json",
                new Reply(
                        429,
                        Map.of(
                                "Fitbit-Rate-Limit-Limit",
                                "150",
                                "Fitbit-Rate-Limit-Remaining",
                                "0",
                                "Fitbit-Rate-Limit-Reset",
                                "1234"),
                        "{\"errors\":[{\"errorType\":\"system\"}]}"));
        var api = api(150);
        var e = assertThrows(
                ProviderException.class,
                () -> fetch(api, Set.of(DataType.DEVICE), START, START.plusSeconds(60), new RecordingTokens()));
        assertEquals(Kind.RATE_LIMITED, e.kind());
        assertEquals(Optional.of(Duration.ofSeconds(1234)), e.retryAfter());
        // Remaining 0 is remembered: the next fetch does not call Fitbit at all.
        var again = assertThrows(
                ProviderException.class,
                () -> fetch(api, Set.of(DataType.DEVICE), START, START.plusSeconds(60), new RecordingTokens()));
        assertEquals(Kind.RATE_LIMITED, again.kind());
        assertEquals(1, fitbit.calls().size());
    }

    @Test
    void theClientSideBudgetStopsBeforeFitbitDoes() throws Exception {
        fitbit.ok(P + "/1/user/-/profile.json", resource("profile.json"))
                .ok(P + "/1/user/-/devices.json", resource("devices.json"));
        var api = api(2);
        assertEquals(
                2,
                fetch(api, Set.of(DataType.DEVICE), START, START.plusSeconds(60), new RecordingTokens())
                        .size());
        var e = assertThrows(
                ProviderException.class,
                () -> fetch(api, Set.of(DataType.DEVICE), START, START.plusSeconds(60), new RecordingTokens()));
        assertEquals(Kind.RATE_LIMITED, e.kind());
        assertEquals(Optional.of(Duration.ofHours(1)), e.retryAfter());
        assertEquals(2, fitbit.calls().size());
    }

    @Test
    void goneMeansTheLegacyApiIsRetired() {
        fitbit.reply("GET", P + "/1/user/-/profile.json", new Reply(410, Map.of(), ""));
        var e = assertThrows(
                ProviderException.class,
                () -> fetch(api(150), Set.of(DataType.WEIGHT), START, START.plusSeconds(60), new RecordingTokens()));
        assertEquals(Kind.REJECTED, e.kind());
        assertTrue(e.getMessage().contains("retired"));
        assertTrue(!e.retryable());
    }

    @Test
    void weightIsAskedForInMetricUnits() throws Exception {
        fitbit.ok(P + "/1/user/-/profile.json", resource("profile.json"))
                .ok(P + "/1/user/-/body/log/weight/date/2026-06-01/2026-06-02.json", resource("weight.json"));
        var records =
                fetch(api(150), Set.of(DataType.WEIGHT), START, START.plus(Duration.ofDays(1)), new RecordingTokens());
        assertEquals("1780293599000", records.get(0).sourceId());
        assertEquals(
                "de_DE",
                fitbit.calls(P + "/1/user/-/body/log/weight/date/2026-06-01/2026-06-02.json")
                        .get(0)
                        .header("Accept-Language"));
    }

    @Test
    void subscribeNamesTheSubscriberAndToleratesAnExistingSubscription() throws Exception {
        String path = P + "/1/user/-/apiSubscriptions/ohe.json";
        fitbit.reply("POST", path, new Reply(409, Map.of(), "{}"));
        fitbit.reply("DELETE", path, new Reply(404, Map.of(), ""));
        api(150).subscribe(new RecordingTokens(), "https://ohe.example/webhooks/fitbit/");
        api(150).unsubscribe(new RecordingTokens(), "https://ohe.example/webhooks/fitbit/");
        assertEquals("1", fitbit.calls(path).get(0).header("X-Fitbit-Subscriber-Id"));
        assertEquals(
                List.of("POST", "DELETE"),
                fitbit.calls(path).stream().map(FakeFitbit.Call::method).toList());
    }

    @Test
    void generationIsLegacy() {
        assertEquals("legacy", api(150).generation());
    }
}
