package org.openhealthexchange.provider.fitbit.legacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.openhealthexchange.core.record.DataType;
import org.openhealthexchange.core.spi.InboundRequest;
import org.openhealthexchange.core.spi.MalformedNotificationException;
import org.openhealthexchange.core.spi.SyncRequest;
import org.openhealthexchange.provider.fitbit.config.Fitbit;
import org.openhealthexchange.provider.fitbit.config.FitbitSettings;

class LegacyFitbitNotificationsTest {

    private static final String SEED =
            """
            [{"collectionType":"activities","date":"2023-12-07","ownerId":"ABC123","ownerType":"user","subscriptionId":"1"}]""";

    private final FitbitSettings base =
            FitbitSettings.forSandbox("http://localhost", Fitbit.LEGACY, "client", "secret-1");
    private final LegacyFitbitNotifications notifications =
            new LegacyFitbitNotifications(base.withLegacy(base.legacy().withVerificationCode("code-1")));

    private static InboundRequest get(String verify) {
        return new InboundRequest("GET", Map.of(), verify == null ? Map.of() : Map.of("verify", List.of(verify)), null);
    }

    private static InboundRequest post(String body, String signature) {
        return new InboundRequest(
                "POST",
                signature == null ? Map.of() : Map.of("X-Fitbit-Signature", List.of(signature)),
                Map.of(),
                body.getBytes(StandardCharsets.UTF_8));
    }

    private static String sign(String secret, String body) {
        return Base64.getEncoder()
                .encodeToString(LegacyFitbitNotifications.signature(secret, body.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void verificationAnswers204ForTheCodeAnd404Otherwise() {
        assertEquals(204, notifications.handshake(get("code-1")).orElseThrow().status());
        assertEquals("", notifications.handshake(get("code-1")).orElseThrow().body());
        assertEquals(404, notifications.handshake(get("wrong")).orElseThrow().status());
        assertEquals(Optional.empty(), notifications.handshake(post(SEED, "x")));
        assertEquals(Optional.empty(), notifications.handshake(get(null)));
    }

    @Test
    void anUnconfiguredCodeNeverVerifies() {
        var unconfigured = new LegacyFitbitNotifications(base);
        assertEquals(404, unconfigured.handshake(get("code-1")).orElseThrow().status());
        assertEquals(404, unconfigured.handshake(get("")).orElseThrow().status());
    }

    @Test
    void claimsVerificationsSignedRequestsAndCollectionArrays() {
        assertTrue(notifications.claims(get("x")));
        assertTrue(notifications.claims(post("{}", "sig")));
        assertTrue(notifications.claims(post(SEED, null)));
        assertTrue(notifications.claims(post(" \r\n\t" + SEED, null)), "whitespace before the array");
        assertTrue(notifications.claims(post("\uFEFF" + SEED, null)), "a byte-order mark before the array");
        assertFalse(notifications.claims(post("{\"data\":{\"healthUserId\":\"u\"}}", null)));
        assertFalse(notifications.claims(post("[{\"data\":1}]", null)));
        assertFalse(notifications.claims(get(null)));
        assertEquals(404, notifications.rejectionStatus());
    }

    @Test
    void theSignatureIsHmacSha1WithTheClientSecretAndAmpersand() {
        assertTrue(notifications.verify(post(SEED, sign("secret-1", SEED))));
        assertFalse(notifications.verify(post(SEED, sign("other", SEED))));
        assertFalse(notifications.verify(post(SEED + " ", sign("secret-1", SEED))));
        assertFalse(notifications.verify(post(SEED, "not base64 !")));
        assertFalse(notifications.verify(post(SEED, null)));
        var noSecret = new LegacyFitbitNotifications(FitbitSettings.forSandbox("http://x", Fitbit.LEGACY, "c", null));
        assertFalse(noSecret.verify(post(SEED, sign("", SEED))));
    }

    @Test
    void theSeedExampleAsksForStepsAndHeartRateAroundItsDate() throws Exception {
        var requests = notifications.parse(post(SEED, null));
        assertEquals(1, requests.size());
        SyncRequest r = requests.get(0);
        assertEquals("fitbit", r.provider());
        assertEquals("ABC123", r.externalUserId());
        assertEquals(Instant.parse("2023-12-06T00:00:00Z"), r.start());
        assertEquals(Instant.parse("2023-12-09T00:00:00Z"), r.end());
        assertEquals(Set.of(DataType.STEPS, DataType.HEART_RATE), r.types());
        assertEquals(SyncRequest.Action.SYNC, r.action());
        assertEquals(r.dedupKey(), notifications.parse(post(SEED, null)).get(0).dedupKey());
        assertEquals("legacy:ABC123:activities:2023-12-07:1", r.dedupKey());
    }

    @Test
    void revocationsAndUnknownCollections() throws Exception {
        var requests = notifications.parse(post(
                """
                [{"collectionType":"userRevokedAccess","date":"2026-06-01","ownerId":"U1","ownerType":"user","subscriptionId":"ohe"},
                 {"collectionType":"foods","date":"2026-06-01","ownerId":"U1","ownerType":"user","subscriptionId":"ohe"},
                 {"collectionType":"body","date":"2026-06-01","ownerId":"U1","ownerType":"user","subscriptionId":"ohe"},
                 {"collectionType":"deleteUser","date":"2026-06-01","ownerId":"U2","ownerType":"user","subscriptionId":"ohe"}]""",
                null));
        assertEquals(3, requests.size());
        assertEquals(SyncRequest.Action.REVOKE, requests.get(0).action());
        assertEquals(Set.of(DataType.WEIGHT), requests.get(1).types());
        assertEquals(SyncRequest.Action.REVOKE, requests.get(2).action());
        assertEquals("U2", requests.get(2).externalUserId());
    }

    @Test
    void malformedBodiesAreRefused() {
        for (String body : List.of(
                "{}",
                "not json",
                "[1]",
                "[{\"collectionType\":\"body\",\"date\":\"2026-06-01\"}]",
                "[{\"collectionType\":\"body\",\"date\":\"yesterday\",\"ownerId\":\"U\"}]")) {
            assertThrows(MalformedNotificationException.class, () -> notifications.parse(post(body, null)), body);
        }
    }
}
