package org.openhealthexchange.sandbox.googlehealth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GoogleHealthSimulatorTest {

    private static final Instant NOW = Instant.parse("2026-03-10T12:00:00Z");

    private static GoogleHealthSimConfig config(int perMinute) {
        return new GoogleHealthSimConfig() {
            public String clientId() {
                return "sandbox-client";
            }

            public String clientSecret() {
                return "sandbox-secret";
            }

            public Duration accessTokenLifetime() {
                return Duration.ofHours(1);
            }

            public LocalDate historyStart() {
                return LocalDate.parse("2025-01-01");
            }

            public int maxPageSize() {
                return 10000;
            }

            public int requestsPerMinute() {
                return perMinute;
            }

            public String signingSeed() {
                return "seed";
            }
        };
    }

    private final GoogleHealthSimulator sim = new GoogleHealthSimulator(config(300), Clock.fixed(NOW, ZoneOffset.UTC));

    private String link(GoogleHealthSimulator s) throws Exception {
        String verifier = "verifier-0123456789-0123456789-0123456789";
        var auth = s.authorize(Map.of(
                "client_id",
                "sandbox-client",
                "redirect_uri",
                "http://ohe/cb",
                "response_type",
                "code",
                "state",
                "st",
                "code_challenge",
                GoogleHealthSimulator.s256(verifier),
                "code_challenge_method",
                "S256"));
        assertEquals(302, auth.status());
        String location = auth.headers().get("Location");
        assertTrue(location.contains("state=st"));
        String code = GoogleHealthSimulator.form(location.substring(location.indexOf('?') + 1))
                .get("code");
        Map<String, String> f = new HashMap<>(Map.of(
                "grant_type",
                "authorization_code",
                "code",
                code,
                "redirect_uri",
                "http://ohe/cb",
                "client_id",
                "sandbox-client",
                "client_secret",
                "sandbox-secret",
                "code_verifier",
                "wrong"));
        assertEquals(400, s.token(f).status(), "verifier must match the challenge");
        return null;
    }

    private JsonNode tokens(GoogleHealthSimulator s) throws Exception {
        String verifier = "v-abcdefghijklmnopqrstuvwxyz-0123456789";
        var auth = s.authorize(Map.of(
                "client_id",
                "sandbox-client",
                "redirect_uri",
                "http://ohe/cb",
                "response_type",
                "code",
                "code_challenge",
                GoogleHealthSimulator.s256(verifier)));
        String location = auth.headers().get("Location");
        String code = GoogleHealthSimulator.form(location.substring(location.indexOf('?') + 1))
                .get("code");
        var r = s.token(Map.of(
                "grant_type",
                "authorization_code",
                "code",
                code,
                "redirect_uri",
                "http://ohe/cb",
                "client_id",
                "sandbox-client",
                "client_secret",
                "sandbox-secret",
                "code_verifier",
                verifier));
        assertEquals(200, r.status());
        return GoogleHealthSimulator.JSON.readTree(r.body());
    }

    @Test
    void pkceIsCheckedAndRefreshTokensAreSingleUse() throws Exception {
        link(sim);
        JsonNode t = tokens(sim);
        Map<String, String> refresh = Map.of(
                "grant_type",
                "refresh_token",
                "refresh_token",
                t.get("refresh_token").asText(),
                "client_id",
                "sandbox-client",
                "client_secret",
                "sandbox-secret");
        assertEquals(200, sim.token(refresh).status());
        assertEquals(400, sim.token(refresh).status());
        String user = GoogleHealthSimulator.JSON
                .readTree(
                        sim.identity("Bearer " + t.get("access_token").asText()).body())
                .get("healthUserId")
                .asText();
        assertTrue(user.matches("sandbox-user-\\d+"), user);
        assertEquals(401, sim.identity("Bearer nope").status());
    }

    @Test
    void aDayOfHeartRatePagesThroughTheFilterWindow() throws Exception {
        String bearer = "Bearer " + tokens(sim).get("access_token").asText();
        String filter = "heart_rate.sample_time.physical_time >= \"2026-03-01T00:00:00Z\" AND "
                + "heart_rate.sample_time.physical_time < \"2026-03-02T00:00:00Z\"";
        int total = 0;
        String token = null;
        int pages = 0;
        do {
            Map<String, String> q = new HashMap<>(Map.of("filter", filter, "pageSize", "500"));
            if (token != null) {
                q.put("pageToken", token);
            }
            JsonNode page = GoogleHealthSimulator.JSON.readTree(
                    sim.dataPoints(bearer, "heart-rate", q).body());
            for (JsonNode p : page.get("dataPoints")) {
                Instant t =
                        Instant.parse(p.at("/heartRate/sampleTime/physicalTime").asText());
                assertFalse(t.isBefore(Instant.parse("2026-03-01T00:00:00Z")));
                assertTrue(t.isBefore(Instant.parse("2026-03-02T00:00:00Z")));
                assertTrue(p.at("/heartRate/beatsPerMinute").isTextual(), "int64 as a string");
                total++;
            }
            token = page.path("nextPageToken").asText(null);
            pages++;
        } while (token != null);
        assertTrue(total > 1380 && total < 1440, "one per minute with a few gaps: " + total);
        assertEquals(3, pages);
        assertEquals(401, sim.dataPoints("Bearer x", "heart-rate", Map.of()).status());
    }

    @Test
    void dailyTypesCarryNamesAndTheRateLimitAnswers429() throws Exception {
        GoogleHealthSimulator limited = new GoogleHealthSimulator(config(2), Clock.fixed(NOW, ZoneOffset.UTC));
        String bearer = "Bearer " + tokens(limited).get("access_token").asText();
        Map<String, String> q = Map.of(
                "filter",
                "weight.sample_time.physical_time >= \"2026-03-01T00:00:00Z\" AND "
                        + "weight.sample_time.physical_time < \"2026-03-03T00:00:00Z\"");
        JsonNode page = GoogleHealthSimulator.JSON.readTree(
                limited.dataPoints(bearer, "weight", q).body());
        assertEquals(2, page.get("dataPoints").size());
        assertTrue(page.at("/dataPoints/0/name").asText().endsWith("/dataPoints/weight-20260301"));
        assertEquals(200, limited.dataPoints(bearer, "weight", q).status());
        var r = limited.dataPoints(bearer, "weight", q);
        assertEquals(429, r.status());
        assertTrue(r.headers().containsKey("Retry-After"));
    }

    @Test
    void signaturesVerifyWithTheKeysetPublicKey() throws Exception {
        JsonNode keyset = GoogleHealthSimulator.JSON.readTree(sim.signingKeyset());
        JsonNode key = keyset.get("key").get(0);
        assertEquals("TINK", key.get("outputPrefixType").asText());
        byte[] proto = Base64.getDecoder().decode(key.at("/keyData/value").asText());
        // EcdsaPublicKey: 08 00 | 12 06 <params> | 1a len x | 22 len y
        int i = 2 + 2 + 6;
        byte[] x = Arrays.copyOfRange(proto, i + 2, i + 2 + proto[i + 1]);
        i = i + 2 + proto[i + 1];
        byte[] y = Arrays.copyOfRange(proto, i + 2, i + 2 + proto[i + 1]);
        ECPublicKey own = (ECPublicKey) java.security.KeyPairGenerator.getInstance("EC")
                .generateKeyPair()
                .getPublic();
        var pub = KeyFactory.getInstance("EC")
                .generatePublic(
                        new ECPublicKeySpec(new ECPoint(new BigInteger(1, x), new BigInteger(1, y)), own.getParams()));
        byte[] body = "{\"data\":{}}".getBytes(StandardCharsets.UTF_8);
        byte[] sig = Base64.getDecoder().decode(sim.sign(body));
        assertEquals(1, sig[0]);
        assertEquals(GoogleHealthSimulator.KEY_ID, key.get("keyId").asLong());
        Signature v = Signature.getInstance("SHA256withECDSA");
        v.initVerify(pub);
        v.update(body);
        assertTrue(v.verify(Arrays.copyOfRange(sig, 5, sig.length)));
        assertEquals(
                sim.signingKeyset(),
                new GoogleHealthSimulator(config(300), Clock.systemUTC()).signingKeyset(),
                "deterministic from the seed");
    }
}
