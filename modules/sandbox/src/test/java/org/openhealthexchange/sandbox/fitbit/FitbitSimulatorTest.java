package org.openhealthexchange.sandbox.fitbit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openhealthexchange.testkit.MutableClock;

class FitbitSimulatorTest {

    private static final String REDIRECT = "https://ohe.example/oauth/fitbit/callback";
    private static final String BASIC = "Basic "
            + Base64.getEncoder().encodeToString("sandbox-client:sandbox-secret".getBytes(StandardCharsets.UTF_8));
    private static final String VERIFIER = "verifier-0123456789-0123456789-0123456789-abc";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-06-02T10:00:00Z"));
    private final List<String> sent = new ArrayList<>();
    private final Map<String, String> sentHeaders = new java.util.HashMap<>();
    private final FitbitSimulator sim = new FitbitSimulator(
            new FitbitSimulator.Settings(
                    "sandbox-client",
                    "sandbox-secret",
                    "1",
                    "the-code",
                    Duration.ofMinutes(10),
                    Duration.ofHours(8),
                    LocalDate.parse("2025-01-01"),
                    ZoneId.of("Europe/Berlin"),
                    150),
            clock,
            new FitbitCallbacks() {
                @Override
                public int get(URI uri) {
                    sent.add("GET " + uri);
                    return uri.getQuery().equals("verify=the-code") ? 204 : 404;
                }

                @Override
                public int postJson(URI uri, byte[] body, Map<String, String> headers) {
                    sent.add("POST " + uri + " " + new String(body, StandardCharsets.UTF_8));
                    sentHeaders.putAll(headers);
                    return 204;
                }
            });

    private String code(String challenge) {
        var reply = sim.authorize(Map.of(
                "client_id",
                "sandbox-client",
                "response_type",
                "code",
                "redirect_uri",
                REDIRECT,
                "state",
                "st",
                "scope",
                "activity heartrate",
                "code_challenge",
                challenge,
                "code_challenge_method",
                "S256"));
        assertEquals(302, reply.status());
        String location = reply.headers().get("Location");
        assertTrue(location.startsWith(REDIRECT + "?code="), location);
        assertTrue(location.endsWith("&state=st"), location);
        return location.substring(location.indexOf("code=") + 5, location.indexOf("&state"));
    }

    private JsonNode link() {
        var reply = sim.token(
                BASIC,
                Map.of(
                        "grant_type",
                        "authorization_code",
                        "code",
                        code(FitbitTokens.s256(VERIFIER)),
                        "redirect_uri",
                        REDIRECT,
                        "code_verifier",
                        VERIFIER));
        assertEquals(200, reply.status(), () -> reply.body().toString());
        return reply.body();
    }

    private FitbitReply get(String token, String resource, Map<String, String> headers) {
        return sim.api("GET", "-", resource, "Bearer " + token, headers);
    }

    @Test
    void linkingChecksBasicAuthAndThePkceVerifierAndCodesAreSingleUse() {
        JsonNode token = link();
        assertEquals(28800, token.path("expires_in").asInt());
        assertEquals("Bearer", token.path("token_type").asText());
        assertEquals("activity heartrate", token.path("scope").asText());
        assertTrue(token.path("user_id").asText().startsWith("SBX"));

        String code = code(FitbitTokens.s256(VERIFIER));
        var wrongClient = sim.token(
                "Basic " + Base64.getEncoder().encodeToString("sandbox-client:nope".getBytes()),
                Map.of(
                        "grant_type",
                        "authorization_code",
                        "code",
                        code,
                        "redirect_uri",
                        REDIRECT,
                        "code_verifier",
                        VERIFIER));
        assertEquals(401, wrongClient.status());
        assertEquals(
                "invalid_client", wrongClient.body().at("/errors/0/errorType").asText());
        var wrongVerifier = sim.token(
                BASIC,
                Map.of(
                        "grant_type",
                        "authorization_code",
                        "code",
                        code,
                        "redirect_uri",
                        REDIRECT,
                        "code_verifier",
                        VERIFIER + "x"));
        assertEquals(400, wrongVerifier.status());
        assertEquals(
                "invalid_grant", wrongVerifier.body().at("/errors/0/errorType").asText());
        // the failed attempt used the code up
        var again = sim.token(
                BASIC,
                Map.of(
                        "grant_type",
                        "authorization_code",
                        "code",
                        code,
                        "redirect_uri",
                        REDIRECT,
                        "code_verifier",
                        VERIFIER));
        assertEquals(400, again.status());
    }

    @Test
    void refreshTokensAreSingleUseAndAccessTokensExpire() {
        JsonNode first = link();
        var refreshed = sim.token(
                BASIC,
                Map.of(
                        "grant_type",
                        "refresh_token",
                        "refresh_token",
                        first.path("refresh_token").asText()));
        assertEquals(200, refreshed.status());
        var reused = sim.token(
                BASIC,
                Map.of(
                        "grant_type",
                        "refresh_token",
                        "refresh_token",
                        first.path("refresh_token").asText()));
        assertEquals("invalid_grant", reused.body().at("/errors/0/errorType").asText());
        assertEquals(
                "invalid_token",
                get(first.path("access_token").asText(), "1/profile", Map.of())
                        .body()
                        .at("/errors/0/errorType")
                        .asText());
        String access = refreshed.body().path("access_token").asText();
        assertEquals(200, get(access, "1/profile", Map.of()).status());
        clock.advance(Duration.ofHours(8));
        var expired = get(access, "1/profile", Map.of());
        assertEquals(401, expired.status());
        assertEquals("expired_token", expired.body().at("/errors/0/errorType").asText());
    }

    @Test
    void revokeKillsTheGrant() {
        JsonNode token = link();
        assertEquals(
                200,
                sim.revoke(BASIC, Map.of("token", token.path("refresh_token").asText()))
                        .status());
        assertEquals(
                401,
                get(token.path("access_token").asText(), "1/profile", Map.of()).status());
    }

    @Test
    void dataIsDeterministicLocalAndPlausible() {
        String access = link().path("access_token").asText();
        var profile = get(access, "1/profile", Map.of()).body();
        assertEquals("Europe/Berlin", profile.at("/user/timezone").asText());
        assertEquals(7_200_000, profile.at("/user/offsetFromUTCMillis").asLong());

        JsonNode heart = get(access, "1/activities/heart/date/2026-06-01/1d/1min", Map.of())
                .body();
        JsonNode dataset = heart.at("/activities-heart-intraday/dataset");
        assertTrue(dataset.size() > 1380 && dataset.size() < 1440, "gaps expected: " + dataset.size());
        assertTrue(
                dataset.get(0).path("time").asText().matches("00:0\\d:00"),
                dataset.get(0).toString());
        for (JsonNode p : dataset) {
            assertTrue(p.path("value").asInt() >= 55 && p.path("value").asInt() <= 120, p.toString());
        }
        assertEquals(
                heart,
                get(access, "1/activities/heart/date/2026-06-01/1d/1min", Map.of())
                        .body());
        // today: only the minutes so far (10:00Z is 12:00 in Berlin)
        int today = get(access, "1/activities/heart/date/2026-06-02/1d/1min", Map.of())
                .body()
                .at("/activities-heart-intraday/dataset")
                .size();
        assertTrue(today <= 720 && today > 680, "minutes today: " + today);

        JsonNode steps = get(access, "1/activities/steps/date/2026-06-01/1d/1min", Map.of())
                .body();
        long sum = 0;
        for (JsonNode p : steps.at("/activities-steps-intraday/dataset")) {
            sum += p.path("value").asLong();
        }
        JsonNode daily = get(access, "1/activities/steps/date/2026-05-31/2026-06-01", Map.of())
                .body();
        assertEquals(2, daily.path("activities-steps").size());
        assertEquals(Long.toString(sum), daily.at("/activities-steps/1/value").asText());

        JsonNode kg = get(access, "1/body/log/weight/date/2026-05-01/2026-05-31", Map.of("Accept-Language", "de_DE"))
                .body();
        JsonNode lb = get(access, "1/body/log/weight/date/2026-05-01/2026-05-31", Map.of())
                .body();
        assertEquals(31, kg.path("weight").size());
        double w = kg.at("/weight/0/weight").asDouble();
        assertTrue(w >= 68 && w < 76, "kg " + w);
        assertEquals(w * 2.20462, lb.at("/weight/0/weight").asDouble(), 0.1);
        assertEquals(kg.at("/weight/0/logId"), lb.at("/weight/0/logId"));

        assertEquals(
                2,
                get(access, "1/spo2/date/2026-05-31/2026-06-01", Map.of())
                        .body()
                        .size());
        assertTrue(get(access, "1/hrv/date/2026-05-31/2026-06-01", Map.of())
                .body()
                .at("/hrv/0/value/dailyRmssd")
                .isNumber());
        JsonNode sleep = get(access, "1.2/sleep/date/2026-06-01/2026-06-01", Map.of())
                .body()
                .at("/sleep/0");
        assertEquals("2026-06-01", sleep.path("dateOfSleep").asText());
        assertTrue(sleep.path("startTime").asText().startsWith("2026-05-31T2"), sleep.toString());
        assertEquals(2, get(access, "1/devices", Map.of()).body().size());

        assertEquals(
                400, get(access, "1/spo2/date/2026-01-01/2026-06-01", Map.of()).status());
        assertEquals(404, get(access, "1/nothing/here", Map.of()).status());
    }

    @Test
    void everyCallReportsTheBudgetAndTheHundredFiftyFirstIsRefused() {
        String access = link().path("access_token").asText();
        FitbitReply reply = null;
        for (int i = 1; i <= 150; i++) {
            reply = get(access, "1/devices", Map.of());
            assertEquals(200, reply.status());
        }
        assertEquals("150", reply.headers().get(FitbitSimulator.LIMIT));
        assertEquals("0", reply.headers().get(FitbitSimulator.REMAINING));
        assertEquals("3600", reply.headers().get(FitbitSimulator.RESET)); // 10:00:00 exactly
        var refused = get(access, "1/devices", Map.of());
        assertEquals(429, refused.status());
        clock.advance(Duration.ofHours(1));
        var next = get(access, "1/devices", Map.of());
        assertEquals(200, next.status());
        assertEquals("149", next.headers().get(FitbitSimulator.REMAINING));
    }

    @Test
    void subscriptionsAreRememberedPerUser() {
        String access = link().path("access_token").asText();
        Map<String, String> h = Map.of("X-Fitbit-Subscriber-Id", "1");
        assertEquals(
                201,
                sim.api("POST", "-", "1/apiSubscriptions/ohe", "Bearer " + access, h)
                        .status());
        assertEquals(
                200,
                sim.api("POST", "-", "1/apiSubscriptions/ohe", "Bearer " + access, h)
                        .status());
        assertEquals(
                409,
                sim.api("POST", "-", "1/apiSubscriptions/other", "Bearer " + access, h)
                        .status());
        assertEquals(
                1,
                get(access, "1/apiSubscriptions", Map.of())
                        .body()
                        .path("apiSubscriptions")
                        .size());
        assertEquals(
                204,
                sim.api("DELETE", "-", "1/apiSubscriptions/ohe", "Bearer " + access, h)
                        .status());
        assertEquals(
                404,
                sim.api("DELETE", "-", "1/apiSubscriptions/ohe", "Bearer " + access, h)
                        .status());
    }

    @Test
    void verifyAndNotifyLikeFitbit() throws Exception {
        var verified =
                sim.verifySubscriber(FitbitReply.JSON.readTree("{\"endpointUri\":\"http://ohe/webhooks/fitbit/\"}"));
        assertEquals(200, verified.status(), verified.body()::toString);
        assertEquals(
                List.of(
                        "GET http://ohe/webhooks/fitbit/?verify=the-code",
                        "GET http://ohe/webhooks/fitbit/?verify=wrong-the-code"),
                sent);
        var failed = sim.verifySubscriber(FitbitReply.JSON.readTree(
                "{\"endpointUri\":\"http://ohe/webhooks/fitbit/\",\"verificationCode\":\"other\"}"));
        assertEquals(412, failed.status());
        assertFalse(failed.body().path("verified").asBoolean());

        sent.clear();
        var notified = sim.notify(
                "ABC123", FitbitReply.JSON.readTree("{\"collectionType\":\"activities\",\"date\":\"2023-12-07\"}"));
        assertEquals(204, notified.body().path("status").asInt());
        String body = "[{\"collectionType\":\"activities\",\"date\":\"2023-12-07\",\"ownerId\":\"ABC123\","
                + "\"ownerType\":\"user\",\"subscriptionId\":\"1\"}]";
        assertEquals(List.of("POST http://ohe/webhooks/fitbit/ " + body), sent);
        assertEquals(
                Base64.getEncoder()
                        .encodeToString(
                                FitbitSimulator.signature("sandbox-secret", body.getBytes(StandardCharsets.UTF_8))),
                sentHeaders.get(FitbitSimulator.SIGNATURE));
    }

    @Test
    void theSignatureIsHmacSha1OfTheBodyWithSecretAndAmpersand() {
        // computed independently: base64(HMAC-SHA1("sandbox-secret&", body))
        assertEquals(
                "2mKZnPifvt67/2AW9SIb7W35jzQ=",
                Base64.getEncoder()
                        .encodeToString(FitbitSimulator.signature(
                                "sandbox-secret", "[{\"collectionType\":\"body\"}]".getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void faultsAnswerTheArmedStatus() throws Exception {
        String access = link().path("access_token").asText();
        sim.armFault(FitbitReply.JSON.readTree("{\"httpStatus\":410,\"count\":1}"));
        assertEquals(410, get(access, "1/devices", Map.of()).status());
        assertEquals(200, get(access, "1/devices", Map.of()).status());
    }
}
