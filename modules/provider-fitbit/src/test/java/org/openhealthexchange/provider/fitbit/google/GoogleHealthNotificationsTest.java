package org.openhealthexchange.provider.fitbit.google;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
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

class GoogleHealthNotificationsTest {

    private static final String SECRET = "Bearer s3cret";
    private static final String BODY = "{\"data\":{\"healthUserId\":\"hu-1\",\"operation\":\"UPSERT\",\"dataType\":"
            + "\"steps\",\"intervals\":[{\"startTime\":\"2026-03-01T08:00:00Z\",\"endTime\":\"2026-03-01T09:00:00Z\"},"
            + "{\"startTime\":\"2026-03-01T07:00:00Z\",\"endTime\":\"2026-03-01T07:30:00Z\"}]}}";

    /** A P-256 key and its Tink JSON public keyset. */
    record TestKey(KeyPair pair, long keyId, String keysetJson) {

        static TestKey generate(long keyId, String prefix) throws Exception {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair pair = g.generateKeyPair();
            ECPublicKey pub = (ECPublicKey) pair.getPublic();
            ByteArrayOutputStream params = new ByteArrayOutputStream();
            params.write(new byte[] {0x08, 3, 0x10, 2, 0x18, 1}); // SHA256, NIST_P256, DER
            ByteArrayOutputStream key = new ByteArrayOutputStream();
            key.write(new byte[] {0x08, 0});
            field(key, 2, params.toByteArray());
            field(key, 3, pub.getW().getAffineX().toByteArray());
            field(key, 4, pub.getW().getAffineY().toByteArray());
            String json = "{\"primaryKeyId\":" + keyId + ",\"key\":[{\"keyData\":{\"typeUrl\":\""
                    + TinkPublicKeyset.ECDSA_PUBLIC_KEY + "\",\"value\":\""
                    + Base64.getEncoder().encodeToString(key.toByteArray()) + "\",\"keyMaterialType\":"
                    + "\"ASYMMETRIC_PUBLIC\"},\"status\":\"ENABLED\",\"keyId\":" + keyId
                    + ",\"outputPrefixType\":\"" + prefix + "\"}]}";
            return new TestKey(pair, keyId, json);
        }

        private static void field(ByteArrayOutputStream out, int number, byte[] value) {
            out.write(number << 3 | 2);
            out.write(value.length); // < 128 here
            out.writeBytes(value);
        }

        String sign(String body, boolean tinkPrefix) throws Exception {
            Signature s = Signature.getInstance("SHA256withECDSA");
            s.initSign(pair.getPrivate());
            s.update(body.getBytes(StandardCharsets.UTF_8));
            byte[] der = s.sign();
            if (!tinkPrefix) {
                return Base64.getEncoder().encodeToString(der);
            }
            return Base64.getEncoder()
                    .encodeToString(ByteBuffer.allocate(5 + der.length)
                            .put((byte) 1)
                            .putInt((int) keyId)
                            .put(der)
                            .array());
        }
    }

    private static GoogleHealthNotifications receiver(String secret, String keyset) {
        FitbitSettings s = FitbitSettings.forSandbox("http://localhost", Fitbit.GOOGLE_HEALTH, "c", "s");
        return new GoogleHealthNotifications(s.withGoogle(s.google().withSecrets(secret, keyset)));
    }

    private static InboundRequest post(String body, String authorization, String signature) {
        Map<String, List<String>> h = new HashMap<>();
        if (authorization != null) {
            h.put("Authorization", List.of(authorization));
        }
        if (signature != null) {
            h.put("x-healthapi-signature", List.of(signature));
        }
        return new InboundRequest("POST", h, Map.of(), body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void verificationAnswers201WithTheSecretAnd401Otherwise() {
        var r = receiver(SECRET, null);
        String v = "{\"type\": \"verification\"}";
        assertEquals(201, r.handshake(post(v, SECRET, null)).orElseThrow().status());
        assertEquals(401, r.handshake(post(v, null, null)).orElseThrow().status());
        assertEquals(
                401, r.handshake(post(v, "Bearer other", null)).orElseThrow().status());
        assertEquals(
                401,
                receiver(null, null)
                        .handshake(post(v, SECRET, null))
                        .orElseThrow()
                        .status());
        assertTrue(r.handshake(post(BODY, SECRET, null)).isEmpty());
        assertTrue(r.claims(post(BODY, null, null)));
        assertEquals(401, r.rejectionStatus());
    }

    @Test
    void withoutAKeysetTheAuthorizationHeaderDecides() {
        assertTrue(receiver(SECRET, null).verify(post(BODY, SECRET, null)));
        assertFalse(receiver(SECRET, null).verify(post(BODY, "Bearer s3cre", null)));
        assertFalse(receiver(null, null).verify(post(BODY, SECRET, null)));
    }

    @Test
    void aTinkPrefixedSignatureOverTheRawBodyVerifies() throws Exception {
        TestKey key = TestKey.generate(123456789L, "TINK");
        var r = receiver(SECRET, key.keysetJson());
        assertTrue(r.verify(post(BODY, SECRET, key.sign(BODY, true))));
        assertFalse(r.verify(post(BODY + " ", SECRET, key.sign(BODY, true))), "body changed");
        assertFalse(r.verify(post(BODY, SECRET, null)), "unsigned");
        assertFalse(r.verify(post(BODY, SECRET, "not base64!")));
        assertFalse(r.verify(post(BODY, null, key.sign(BODY, true))), "no Authorization");
        TestKey other = TestKey.generate(123456789L, "TINK");
        assertFalse(r.verify(post(BODY, SECRET, other.sign(BODY, true))), "forged with another key");
    }

    @Test
    void aRawKeyVerifiesUnprefixedSignatures() throws Exception {
        TestKey key = TestKey.generate(7, "RAW");
        assertTrue(receiver(SECRET, key.keysetJson()).verify(post(BODY, SECRET, key.sign(BODY, false))));
        assertFalse(receiver(SECRET, key.keysetJson()).verify(post(BODY, SECRET, key.sign(BODY, true))));
    }

    @Test
    void anUnusableKeysetRefusesEverything() {
        assertFalse(receiver(SECRET, "{\"key\":[]}").verify(post(BODY, SECRET, "AAAA")));
        assertFalse(receiver(SECRET, "nonsense").verify(post(BODY, SECRET, "AAAA")));
    }

    @Test
    void upsertBecomesASyncOfTheUnionOfItsIntervals() throws Exception {
        List<SyncRequest> rs = receiver(SECRET, null).parse(post(BODY, SECRET, null));
        assertEquals(1, rs.size());
        SyncRequest r = rs.get(0);
        assertEquals("fitbit", r.provider());
        assertEquals("hu-1", r.externalUserId());
        assertEquals(Instant.parse("2026-03-01T07:00:00Z"), r.start());
        assertEquals(Instant.parse("2026-03-01T09:00:00Z"), r.end());
        assertEquals(Set.of(DataType.STEPS), r.types());
        assertEquals(SyncRequest.Action.SYNC, r.action());
        String reformatted = BODY.replace(",", " , ");
        assertEquals(
                r.dedupKey(),
                receiver(SECRET, null)
                        .parse(post(reformatted, SECRET, null))
                        .get(0)
                        .dedupKey());
    }

    @Test
    void anArrayMayMixDeletesAndTypesOheDoesNotRead() throws Exception {
        String del = BODY.replace("UPSERT", "DELETE").replace("\"steps\"", "\"weight\"");
        String floors = BODY.replace("\"steps\"", "\"floors\"");
        List<SyncRequest> rs =
                receiver(SECRET, null).parse(post("[" + BODY + "," + del + "," + floors + "]", SECRET, null));
        assertEquals(2, rs.size());
        assertEquals(SyncRequest.Action.DELETE, rs.get(1).action());
        assertEquals(Set.of(DataType.WEIGHT), rs.get(1).types());
        assertNotEquals(rs.get(0).dedupKey(), rs.get(1).dedupKey());
        assertEquals(
                Optional.empty(),
                receiver(SECRET, null).parse(post(floors, SECRET, null)).stream()
                        .findAny());
    }

    @Test
    void malformedNotificationsAreRefused() {
        var r = receiver(SECRET, null);
        for (String bad : List.of(
                "not json",
                "42",
                "{\"data\":{}}",
                BODY.replace("UPSERT", "MERGE"),
                BODY.replace("2026-03-01T08:00:00Z", "yesterday"),
                "{\"data\":{\"healthUserId\":\"u\"," + "\"operation\":\"UPSERT\",\"dataType\":\"steps\"}}")) {
            assertThrows(MalformedNotificationException.class, () -> r.parse(post(bad, SECRET, null)), bad);
        }
    }

    @Test
    void keyIdsAreReadBigEndian() throws Exception {
        TestKey key = TestKey.generate(0xF0000001L, "TINK");
        assertTrue(receiver(SECRET, key.keysetJson()).verify(post(BODY, SECRET, key.sign(BODY, true))));
        assertEquals(BigInteger.ONE, BigInteger.ONE);
    }
}
