package org.openhealthexchange.server.vault;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.openhealthexchange.server.connections.ProviderConnection;
import org.openhealthexchange.server.testing.TestTokens;

/**
 * The vault against the real database: the canary written at the first start, the start-up check refusing a wrong
 * key or a missing key id (driven directly, as a start would), re-encryption of rotated-out values, and a request
 * whose link tokens do not decrypt answering in the envelope instead of 500.
 */
@QuarkusTest
class VaultIT {

    @Inject
    AgroalDataSource dataSource;

    @Inject
    TokenVault vault;

    /** The key spec this boot runs with ({@code test:<base64>}). */
    @ConfigProperty(name = "ohe.vault.keys")
    String keySpec;

    @Test
    void theFirstStartWroteACanaryAndTheRightKeyPasses() throws SQLException {
        try (var c = dataSource.getConnection();
                var s = c.createStatement();
                var rs = s.executeQuery("SELECT ciphertext FROM vault_canary WHERE key_id = 'test'")) {
            assertTrue(rs.next(), "canary of the active key written at start-up");
            assertEquals(VaultCanary.PLAINTEXT, vault.decrypt(rs.getString(1)));
        }
        VaultCanary.check(dataSource, vault);
        VaultCanary.check(dataSource, new TokenVault(List.of("new:" + randomKey(), keySpec))); // a rotation starts
    }

    @Test
    void aWrongKeyUnderTheSameIdFailsTheStartNamingTheKeyId() {
        var wrong = new TokenVault(List.of("test:" + randomKey()));
        var e = assertThrows(VaultCanary.VaultMismatch.class, () -> VaultCanary.check(dataSource, wrong));
        assertTrue(e.getMessage().contains("Vault key 'test' does not decrypt the vault canary"), e.getMessage());
    }

    @Test
    void aKeyIdThatStoredSecretsUseMustBeConfigured() throws Exception {
        var old = new TokenVault(List.of("gone:" + randomKey()));
        long id = link("vault-it-gone", old.encrypt("access"), old.encrypt("refresh"));
        try {
            var e = assertThrows(VaultCanary.VaultMismatch.class, () -> VaultCanary.check(dataSource, vault));
            assertTrue(e.getMessage().contains("vault key 'gone', which is not configured"), e.getMessage());
            assertTrue(e.getMessage().contains("provider_link.access_token_enc"), e.getMessage());
            // The same key id with other material: named too.
            var other = new TokenVault(List.of(keySpec, "gone:" + randomKey()));
            e = assertThrows(VaultCanary.VaultMismatch.class, () -> VaultCanary.check(dataSource, other));
            assertTrue(e.getMessage().contains("Vault key 'gone' does not decrypt the stored secrets"), e.getMessage());
        } finally {
            delete(id);
        }
    }

    @Test
    void valuesUnderARotatedOutKeyAreReencryptedAndStillDecrypt() throws Exception {
        String oldSpec = "old:" + randomKey();
        var old = new TokenVault(List.of(oldSpec));
        var rotated = new TokenVault(List.of(keySpec, oldSpec)); // active key first, the old one still readable
        List<Long> ids = new ArrayList<>();
        try {
            for (int i = 0; i < 5; i++) {
                ids.add(link(
                        "vault-it-rotate-" + i,
                        old.encrypt("access-" + i),
                        i == 0 ? null : old.encrypt("refresh-" + i)));
            }
            var result = VaultReencryption.run(dataSource, rotated, 2, 1000);
            assertTrue(result.reencrypted() >= 9, "re-encrypted " + result);
            for (int i = 0; i < 5; i++) {
                long id = ids.get(i);
                ProviderConnection l = QuarkusTransaction.requiringNew().call(() -> ProviderConnection.findById(id));
                assertTrue(l.accessTokenEnc.startsWith("test:"), l.accessTokenEnc);
                assertEquals("access-" + i, vault.decrypt(l.accessTokenEnc)); // the running vault, without 'old'
                if (i == 0) {
                    assertNull(l.refreshTokenEnc);
                } else {
                    assertTrue(l.refreshTokenEnc.startsWith("test:"));
                    assertEquals("refresh-" + i, vault.decrypt(l.refreshTokenEnc));
                }
            }
            // Idempotent: nothing left under the old key, nothing rewritten again.
            String before = QuarkusTransaction.requiringNew()
                    .call(() -> ProviderConnection.<ProviderConnection>findById(ids.get(1)).accessTokenEnc);
            VaultReencryption.run(dataSource, rotated, 2, 1000);
            assertEquals(
                    before,
                    QuarkusTransaction.requiringNew()
                            .call(() -> ProviderConnection.<ProviderConnection>findById(ids.get(1)).accessTokenEnc));
            VaultCanary.check(dataSource, vault); // 'old' may now be dropped from the configuration
        } finally {
            ids.forEach(this::delete);
        }
    }

    @Test
    void tokensTheKeyDoesNotOpenAnswer409AndTheLinkNeedsARelink() {
        String user = "vault-it-damaged";
        var sameIdOtherKey = new TokenVault(List.of("test:" + randomKey()));
        long id = link(user, sameIdOtherKey.encrypt("access"), sameIdOtherKey.encrypt("refresh"));
        try {
            given().auth()
                    .oauth2(TestTokens.forUsers(user))
                    .contentType("application/json")
                    .body(java.util.Map.of("ehr_user_id", user, "provider", "withings"))
                    .post("/api/base/sync/trigger_device_sync/")
                    .then()
                    .statusCode(409)
                    .body("error", equalTo("relink_required"))
                    .body("request_id", notNullValue())
                    .body("timestamp", notNullValue());
            ProviderConnection l = QuarkusTransaction.requiringNew().call(() -> ProviderConnection.findById(id));
            assertFalse(l.active);
            assertTrue(l.deactivatedReason.contains("must link again"), l.deactivatedReason);
            assertNull(l.accessTokenEnc);
            given().auth()
                    .oauth2(TestTokens.forUsers(user))
                    .get("/api/base/link/withings/status/?ehr_user_id=" + user)
                    .then()
                    .statusCode(200)
                    .body("linked", equalTo(false));
        } finally {
            delete(id);
        }
    }

    @Test
    void tokensUnderAKeyIdThisNodeLacksAnswer503AndKeepTheLink() {
        String user = "vault-it-missing-key";
        var elsewhere = new TokenVault(List.of("elsewhere:" + randomKey()));
        long id = link(user, elsewhere.encrypt("access"), elsewhere.encrypt("refresh"));
        try {
            given().auth()
                    .oauth2(TestTokens.forUsers(user))
                    .contentType("application/json")
                    .body(java.util.Map.of("ehr_user_id", user, "provider", "withings"))
                    .post("/api/base/sync/trigger_device_sync/")
                    .then()
                    .statusCode(503)
                    .body("error", equalTo("vault_key_missing"));
            assertTrue(QuarkusTransaction.requiringNew()
                    .call(() -> ProviderConnection.<ProviderConnection>findById(id).active));
        } finally {
            delete(id);
        }
    }

    private long link(String user, String access, String refresh) {
        return QuarkusTransaction.requiringNew().call(() -> {
            ProviderConnection l = new ProviderConnection();
            l.provider = "withings";
            l.ehrUserId = user;
            l.externalUserId = "ext-" + user;
            l.accessTokenEnc = access;
            l.refreshTokenEnc = refresh;
            l.tokenExpiresAt = Instant.now().plusSeconds(3600);
            l.linkedAt = Instant.now();
            l.updatedAt = l.linkedAt;
            l.persist();
            return l.id;
        });
    }

    private void delete(long id) {
        QuarkusTransaction.requiringNew().run(() -> {
            org.openhealthexchange.server.sync.SyncRun.delete("linkId", id);
            ProviderConnection.deleteById(id);
        });
    }

    private static String randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }
}
