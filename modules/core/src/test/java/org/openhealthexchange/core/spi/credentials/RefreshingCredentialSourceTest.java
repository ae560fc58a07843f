package org.openhealthexchange.core.spi.credentials;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.openhealthexchange.core.spi.AuthorizationRequest;
import org.openhealthexchange.core.spi.OAuthLinking;
import org.openhealthexchange.core.spi.ProviderException;
import org.openhealthexchange.core.spi.TokenGrant;

/**
 * The credential source with OAuth and a second, fake kind shaped like Sikka's (a request key obtained from a
 * refresh key): one source serves both, refreshes once, commits before it hands a credential out, and deactivates
 * on a refused refresh.
 */
class RefreshingCredentialSourceTest {

    private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final Duration SKEW = Duration.ofMinutes(5);

    /** A store in memory, recording what was committed and refused. */
    static final class MemoryStore implements CredentialStore {
        final Map<Long, Stored> rows = new HashMap<>();
        final Map<Long, String> refused = new HashMap<>();
        final List<Credential> commits = new ArrayList<>();
        RuntimeException failCommit;

        @Override
        public Stored load(long id) throws ProviderException {
            Stored s = rows.get(id);
            if (s == null || refused.containsKey(id)) {
                throw new ProviderException(
                        ProviderException.Kind.GRANT_REVOKED, null, "link " + id + " is not active");
            }
            return s;
        }

        @Override
        public Set<String> grantedScopes(long id) {
            Stored s = rows.get(id);
            return s == null ? Set.of() : s.credential().scopes();
        }

        @Override
        public void commit(long id, Credential refreshed) {
            if (failCommit != null) {
                throw failCommit;
            }
            commits.add(refreshed);
            rows.put(id, new Stored(rows.get(id).provider(), refreshed));
        }

        @Override
        public void refused(long id, String reason) {
            refused.put(id, reason);
        }
    }

    /** Sikka-like: a short-lived request key from a long-lived refresh key, which it does not rotate. */
    static final class RequestKeys implements CredentialRefresher {
        int calls;
        boolean refuse;

        @Override
        public String kind() {
            return "request-key";
        }

        @Override
        public Credential refresh(String provider, Credential current) throws ProviderException {
            calls++;
            if (refuse) {
                throw new ProviderException(ProviderException.Kind.GRANT_REVOKED, "401", "refresh key revoked");
            }
            return new Credential(
                    kind(),
                    "request-key-" + calls + "-from-" + current.refreshSecret(),
                    null,
                    NOW.plusSeconds(86400),
                    null);
        }
    }

    /** An OAuth linking that rotates the refresh token on every refresh. */
    static final class RotatingOAuth implements OAuthLinking {
        int refreshes;

        @Override
        public String providerId() {
            return "acme";
        }

        @Override
        public boolean usesPkce() {
            return false;
        }

        @Override
        public URI authorizationUrl(AuthorizationRequest request) {
            throw new UnsupportedOperationException();
        }

        @Override
        public TokenGrant exchange(String code, String redirectUri, String codeVerifier) {
            throw new UnsupportedOperationException();
        }

        @Override
        public TokenGrant refresh(String refreshToken) {
            refreshes++;
            return new TokenGrant(
                    "ext", "access-" + refreshes, "refresh-" + refreshes, NOW.plusSeconds(3600), Set.of());
        }

        @Override
        public void revoke(TokenGrant grant) {}
    }

    private final MemoryStore store = new MemoryStore();
    private final RequestKeys requestKeys = new RequestKeys();
    private final RotatingOAuth oauth = new RotatingOAuth();
    private final List<String> locks = new ArrayList<>();
    private boolean lockHeldElsewhere;

    private RefreshingCredentialSource source() {
        RefreshLock lock = (key, ttl) -> {
            if (lockHeldElsewhere) {
                return Optional.empty();
            }
            locks.add(key);
            return Optional.of(() -> {});
        };
        return new RefreshingCredentialSource(
                store,
                lock,
                List.of(new OAuthRefresher(p -> p.equals("acme") ? Optional.of(oauth) : Optional.empty()), requestKeys),
                SKEW,
                CLOCK);
    }

    private void put(long id, String provider, Credential c) {
        store.rows.put(id, new CredentialStore.Stored(provider, c));
    }

    @Test
    void aValidCredentialIsUsedAsItIs() throws Exception {
        put(1, "sikka", new Credential("request-key", "rk-0", "refresh-key", NOW.plusSeconds(3600), null));
        assertEquals("rk-0", source().current(1).secret());
        assertEquals(0, requestKeys.calls);
        assertTrue(locks.isEmpty());
    }

    @Test
    void oneSourceRefreshesBothKindsAndCommitsBeforeHandingOut() throws Exception {
        put(1, "sikka", new Credential("request-key", "rk-0", "refresh-key", NOW.plusSeconds(60), null));
        put(2, "acme", new Credential(OAuthRefresher.KIND, "access-0", "refresh-0", NOW.minusSeconds(1), Set.of("a")));
        RefreshingCredentialSource source = source();

        Credential sikka = source.current(1);
        assertEquals("request-key-1-from-refresh-key", sikka.secret());
        assertEquals("refresh-key", sikka.refreshSecret(), "a refresh key that is not rotated is kept");
        assertEquals(sikka, store.commits.get(0), "what is handed out is what was committed");

        Credential acme = source.current(2);
        assertEquals("access-1", acme.secret());
        assertEquals("refresh-1", acme.refreshSecret(), "the rotated refresh token replaces the old one");
        assertEquals(Set.of("a"), acme.scopes(), "scopes the vendor did not report again are kept");
        assertEquals(acme, store.commits.get(1));
        assertEquals(List.of("token-refresh:1", "token-refresh:2"), locks);
        assertEquals(Set.of("oauth2", "request-key"), source.kinds());
    }

    @Test
    void aCredentialThatCannotBeCommittedIsNeverHandedOut() {
        put(1, "sikka", new Credential("request-key", "rk-0", "refresh-key", NOW, null));
        store.failCommit = new IllegalStateException("database down");
        assertThrows(IllegalStateException.class, () -> source().current(1));
        assertEquals("rk-0", store.rows.get(1L).credential().secret());
    }

    @Test
    void aCredentialAnotherNodeRefreshedMeanwhileIsReusedWithoutARefresh() throws Exception {
        put(1, "sikka", new Credential("request-key", "rk-new", "refresh-key", NOW.plusSeconds(3600), null));
        lockHeldElsewhere = true;
        assertEquals("rk-new", source().refreshAfterRejection(1, "rk-old").secret());
        assertEquals(0, requestKeys.calls);
    }

    @Test
    void aRejectedSecretIsRefreshedOnceEvenWhenNotExpired() throws Exception {
        put(1, "sikka", new Credential("request-key", "rk-0", "refresh-key", NOW.plusSeconds(3600), null));
        RefreshingCredentialSource source = source();
        assertEquals(
                "request-key-1-from-refresh-key",
                source.refreshAfterRejection(1, "rk-0").secret());
        // a second caller that saw the same rejected key gets the committed one
        assertEquals(
                "request-key-1-from-refresh-key",
                source.refreshAfterRejection(1, "rk-0").secret());
        assertEquals(1, requestKeys.calls);
    }

    @Test
    void aRefusedRefreshDeactivatesWithAReason() {
        put(1, "sikka", new Credential("request-key", "rk-0", "refresh-key", NOW, null));
        requestKeys.refuse = true;
        var e = assertThrows(ProviderException.class, () -> source().current(1));
        assertEquals(ProviderException.Kind.GRANT_REVOKED, e.kind());
        assertEquals("refresh refused by sikka (401): the user must link again", store.refused.get(1L));
        assertTrue(store.commits.isEmpty());
    }

    @Test
    void aKindWithoutRefresherIsRejectedAndTwoRefreshersOfOneKindAreAnError() {
        put(1, "other", new Credential("api-key", "k", null, NOW, null));
        var e = assertThrows(ProviderException.class, () -> source().current(1));
        assertEquals(ProviderException.Kind.REJECTED, e.kind());
        assertFalse(store.refused.containsKey(1L));
        assertThrows(
                IllegalStateException.class,
                () -> new RefreshingCredentialSource(
                        store, (k, t) -> Optional.empty(), List.of(requestKeys, new RequestKeys()), SKEW, CLOCK));
    }

    @Test
    void credentialsNeverPrintSecrets() {
        String text = new Credential("request-key", "s3cret", "r3fresh", null, null).toString();
        assertFalse(text.contains("s3cret") || text.contains("r3fresh"), text);
        assertNull(new Credential("k", "s", null, null, null).expiresAt());
    }
}
