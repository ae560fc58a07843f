package org.openhealthexchange.server.connections;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.openhealthexchange.core.spi.ProviderException;
import org.openhealthexchange.core.spi.credentials.Credential;
import org.openhealthexchange.core.spi.credentials.OAuthRefresher;
import org.openhealthexchange.server.testing.FakeAdaptersProfile;
import org.openhealthexchange.server.vault.TokenVault;

/**
 * Every state change of a connection through {@link ConnectionService}: the state, the reason, the timestamps, the
 * credential columns and the {@code ohe_connection_transitions_total} count. Each test uses a provider id of its own,
 * so the counts are its own too.
 */
@QuarkusTest
@TestProfile(FakeAdaptersProfile.class)
class ConnectionServiceIT {

    @Inject
    ConnectionService connections;

    @Inject
    ConnectionCredentials credentials;

    @Inject
    TokenVault vault;

    @Inject
    MeterRegistry registry;

    @Inject
    AgroalDataSource dataSource;

    private static Credential oauth(String access, String refresh) {
        return new Credential(
                OAuthRefresher.KIND, access, refresh, Instant.now().plusSeconds(3600), Set.of("read", "write"));
    }

    private static ProviderConnection load(long id) {
        return QuarkusTransaction.requiringNew().call(() -> ProviderConnection.findById(id));
    }

    private double count(String provider, ConnectionService.Transition transition) {
        Counter c = registry.find("ohe.connection.transitions")
                .tags("provider", provider, "transition", transition.tag())
                .counter();
        return c == null ? 0 : c.count();
    }

    /** A timestamp as the database keeps it (microseconds), for before/after comparisons. */
    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    private static void assertBetween(Instant before, Instant value, Instant after) {
        assertNotNull(value);
        assertFalse(value.isBefore(before), value + " before " + before);
        assertFalse(value.isAfter(after), value + " after " + after);
    }

    @Test
    void linkingStoresAnActiveConnectionWithAnEncryptedCredential() {
        Instant before = now();
        ProviderConnection c = connections.link("cs-link", Subject.user("cs-u1"), "ext-1", oauth("a1", "r1"));
        Instant after = now().plusNanos(1000);
        ProviderConnection stored = load(c.id);
        assertTrue(stored.active);
        assertEquals(Subject.user("cs-u1"), stored.subject());
        assertEquals("cs-u1", stored.ehrUserId);
        assertNull(stored.subjectId);
        assertEquals("oauth2", stored.credentialKind);
        assertNotEquals("a1", stored.accessTokenEnc, "stored encrypted");
        assertEquals("a1", vault.decrypt(stored.accessTokenEnc));
        assertEquals("r1", vault.decrypt(stored.refreshTokenEnc));
        assertEquals(Set.of("read", "write"), ProviderConnection.scopes(stored.scopes));
        assertBetween(before, stored.linkedAt, after);
        assertEquals(stored.linkedAt, stored.updatedAt);
        assertNull(stored.deactivatedAt);
        assertNull(stored.deactivatedReason);
        assertEquals(1, count("cs-link", ConnectionService.Transition.LINKED));
    }

    @Test
    void linkingAgainReactivatesTheSameConnectionAndKeepsItsLinkTime() {
        ProviderConnection first = connections.link("cs-relink", Subject.user("cs-u2"), "ext-2", oauth("a1", "r1"));
        Instant linkedAt = load(first.id).linkedAt;
        connections.unlinked(first.id);
        ProviderConnection again = connections.link("cs-relink", Subject.user("cs-u2"), "ext-2", oauth("a2", "r2"));
        assertEquals(first.id, again.id);
        ProviderConnection stored = load(first.id);
        assertTrue(stored.active);
        assertNull(stored.deactivatedReason);
        assertNull(stored.deactivatedAt);
        assertEquals(linkedAt, stored.linkedAt);
        assertEquals("a2", vault.decrypt(stored.accessTokenEnc));
        assertEquals(2, count("cs-relink", ConnectionService.Transition.LINKED));
    }

    @Test
    void aVendorAccountLinkedToAnotherSubjectReplacesTheOldConnection() {
        ProviderConnection old = connections.link("cs-replace", Subject.user("cs-u3"), "ext-3", oauth("a", "r"));
        Instant before = now();
        ProviderConnection fresh = connections.link("cs-replace", Subject.user("cs-u4"), "ext-3", oauth("b", "s"));
        ProviderConnection replaced = load(old.id);
        assertFalse(replaced.active);
        assertEquals("the cs-replace account was linked to another ehr_user_id", replaced.deactivatedReason);
        assertBetween(before, replaced.deactivatedAt, now().plusNanos(1000));
        assertTrue(load(fresh.id).active);
        assertEquals(1, count("cs-replace", ConnectionService.Transition.REPLACED));
    }

    @Test
    void aRefreshCommitsTheRotatedCredentialAndItsTime() {
        ProviderConnection c = connections.link("cs-refresh", Subject.user("cs-u5"), "ext-5", oauth("a", "r"));
        Instant before = now();
        connections.refreshed(c.id, new Credential(OAuthRefresher.KIND, "a-new", "r-new", before, Set.of()));
        ProviderConnection stored = load(c.id);
        assertTrue(stored.active);
        assertEquals("a-new", vault.decrypt(stored.accessTokenEnc));
        assertEquals("r-new", vault.decrypt(stored.refreshTokenEnc));
        assertEquals(Set.of("read", "write"), ProviderConnection.scopes(stored.scopes), "unreported scopes stay");
        assertBetween(before, stored.refreshedAt, now().plusNanos(1000));
        assertEquals(stored.refreshedAt, stored.updatedAt);
        assertEquals(1, count("cs-refresh", ConnectionService.Transition.REFRESHED));
    }

    @Test
    void aRefusedRefreshDeactivatesWithTheReasonAndKeepsTheCredential() {
        ProviderConnection c = connections.link("cs-refused", Subject.user("cs-u6"), "ext-6", oauth("a", "r"));
        Instant before = now();
        connections.refreshRefused(c.id, "refresh refused by cs-refused (601): the user must link again");
        ProviderConnection stored = load(c.id);
        assertFalse(stored.active);
        assertEquals("refresh refused by cs-refused (601): the user must link again", stored.deactivatedReason);
        assertBetween(before, stored.deactivatedAt, now().plusNanos(1000));
        assertEquals(stored.deactivatedAt, stored.updatedAt);
        assertNotNull(stored.accessTokenEnc);
        assertEquals(1, count("cs-refused", ConnectionService.Transition.REFRESH_REFUSED));
        var e = assertThrows(ProviderException.class, () -> credentials.current(c.id));
        assertEquals(ProviderException.Kind.GRANT_REVOKED, e.kind());
        assertTrue(e.getMessage().contains("refresh refused"), e.getMessage());
    }

    @Test
    void aLostVaultKeyRequiresARelinkAndDropsTheCredential() {
        ProviderConnection c = connections.link("cs-vault", Subject.user("cs-u7"), "ext-7", oauth("a", "r"));
        connections.relinkRequired(c.id, "stored tokens could not be decrypted with vault key 'k': link again");
        ProviderConnection stored = load(c.id);
        assertFalse(stored.active);
        assertEquals("stored tokens could not be decrypted with vault key 'k': link again", stored.deactivatedReason);
        assertNotNull(stored.deactivatedAt);
        assertNull(stored.accessTokenEnc);
        assertNull(stored.refreshTokenEnc);
        assertEquals(1, count("cs-vault", ConnectionService.Transition.RELINK_REQUIRED));
    }

    @Test
    void unlinkingDeactivatesAndErasesTheCredential() {
        ProviderConnection c = connections.link("cs-unlink", Subject.user("cs-u8"), "ext-8", oauth("a", "r"));
        Instant before = now();
        connections.unlinked(c.id);
        ProviderConnection stored = load(c.id);
        assertFalse(stored.active);
        assertEquals("unlinked", stored.deactivatedReason);
        assertBetween(before, stored.deactivatedAt, now().plusNanos(1000));
        assertNull(stored.accessTokenEnc);
        assertNull(stored.refreshTokenEnc);
        assertEquals(1, count("cs-unlink", ConnectionService.Transition.UNLINKED));
    }

    @Test
    void aVendorRevocationCommitsOrRollsBackWithTheCallersTransaction() throws Exception {
        ProviderConnection c = connections.link("cs-revoke", Subject.user("cs-u9"), "ext-9", oauth("a", "r"));
        try (Connection jdbc = dataSource.getConnection()) {
            jdbc.setAutoCommit(false);
            connections.revokedAtVendor(jdbc, "cs-revoke", List.of(c.id));
            jdbc.rollback();
            jdbc.setAutoCommit(true);
        }
        assertTrue(load(c.id).active, "rolled back with the caller");
        ConnectionService.Revoked revoked;
        try (Connection jdbc = dataSource.getConnection()) {
            jdbc.setAutoCommit(false);
            revoked = connections.revokedAtVendor(jdbc, "cs-revoke", List.of(c.id));
            jdbc.commit();
            jdbc.setAutoCommit(true);
        }
        assertEquals(0, count("cs-revoke", ConnectionService.Transition.REVOKED_AT_VENDOR), "counted after commit");
        connections.committed(revoked);
        ProviderConnection stored = load(c.id);
        assertFalse(stored.active);
        assertEquals("access revoked by the user at cs-revoke", stored.deactivatedReason);
        assertNotNull(stored.deactivatedAt);
        assertNull(stored.accessTokenEnc);
        assertEquals(1, count("cs-revoke", ConnectionService.Transition.REVOKED_AT_VENDOR));
    }

    @Test
    void anOrganisationOwnsAConnectionOfItsOwn() {
        ProviderConnection c = connections.link(
                "cs-org",
                Subject.organisation("practice-1"),
                "practice-1",
                new Credential("request-key", "rk", "refresh-key", Instant.now().plusSeconds(600), Set.of()));
        ProviderConnection stored = load(c.id);
        assertEquals(Subject.organisation("practice-1"), stored.subject());
        assertNull(stored.ehrUserId);
        assertEquals("practice-1", stored.subjectId);
        assertEquals("request-key", stored.credentialKind);
        ProviderConnection again = connections.link(
                "cs-org",
                Subject.organisation("practice-1"),
                "practice-1",
                new Credential("request-key", "rk2", "refresh-key", null, Set.of()));
        assertEquals(c.id, again.id, "one connection per organisation and provider");
        assertEquals(c.id, QuarkusTransaction.requiringNew().call(() -> ProviderConnection.forSubject(
                        "cs-org", Subject.organisation("practice-1"))
                .orElseThrow()
                .id));
        assertTrue(
                QuarkusTransaction.requiringNew()
                        .call(() -> ProviderConnection.active().stream().noneMatch(x -> x.id.equals(c.id))),
                "the end-user schedules do not pick organisations");
    }
}
