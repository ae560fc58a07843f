package org.openhealthexchange.server.linking;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.jboss.logging.Logger;
import org.openhealthexchange.core.spi.AccessTokenSource;
import org.openhealthexchange.core.spi.OAuthLinking;
import org.openhealthexchange.core.spi.ProviderException;
import org.openhealthexchange.core.spi.TokenGrant;
import org.openhealthexchange.server.config.OheConfig;
import org.openhealthexchange.server.coordination.Coordination;
import org.openhealthexchange.server.vault.TokenVault;
import org.openhealthexchange.server.vault.VaultDecryptionException;

/**
 * The tokens of a link, as adapters use them. Refreshes are single-flight across replicas (a coordination lock per
 * link) and the new pair is committed before the new access token is handed out: some vendors (Withings) kill the
 * old refresh token as soon as the new access token is used, so a pair lost after use would lose the link.
 */
@ApplicationScoped
public class LinkTokens {

    private static final Logger LOG = Logger.getLogger(LinkTokens.class);
    private static final Duration LOCK_TTL = Duration.ofSeconds(45);
    private static final Duration WAIT_FOR_OTHER_REFRESH = Duration.ofSeconds(40);

    private final TokenVault vault;
    private final Coordination coordination;
    private final LinkingProviders providers;
    private final Duration skew;
    private final Clock clock = Clock.systemUTC();

    LinkTokens(TokenVault vault, Coordination coordination, LinkingProviders providers, OheConfig config) {
        this.vault = vault;
        this.coordination = coordination;
        this.providers = providers;
        this.skew = config.linking().refreshSkew();
    }

    /** The token source of one link. */
    public AccessTokenSource forLink(long linkId) {
        return new AccessTokenSource() {
            @Override
            public String current() throws ProviderException {
                Snapshot s = load(linkId);
                if (!s.expiring(clock.instant(), skew)) {
                    return s.accessToken;
                }
                return refresh(linkId, s.accessToken);
            }

            @Override
            public String refreshAfterRejection(String rejected) throws ProviderException {
                return refresh(linkId, rejected);
            }

            @Override
            public Set<String> grantedScopes() {
                ProviderLink link = QuarkusTransaction.requiringNew().call(() -> ProviderLink.findById(linkId));
                return link == null ? Set.of() : ProviderLink.scopes(link.scopes);
            }
        };
    }

    private record Snapshot(
            String provider, String accessToken, String refreshToken, Instant expiresAt, Set<String> scopes) {
        boolean expiring(Instant now, Duration skew) {
            return expiresAt != null && !expiresAt.isAfter(now.plus(skew));
        }
    }

    private Snapshot load(long linkId) throws ProviderException {
        ProviderLink link = QuarkusTransaction.requiringNew().call(() -> ProviderLink.findById(linkId));
        if (link == null || !link.active) {
            throw new ProviderException(
                    ProviderException.Kind.GRANT_REVOKED,
                    null,
                    "link " + linkId + " is not active" + (link == null ? "" : ": " + link.deactivatedReason));
        }
        try {
            return new Snapshot(
                    link.provider,
                    vault.decrypt(link.accessTokenEnc),
                    vault.decrypt(link.refreshTokenEnc),
                    link.tokenExpiresAt,
                    ProviderLink.scopes(link.scopes));
        } catch (VaultDecryptionException e) {
            if (e.keyConfigured()) {
                // The key is there but does not open the tokens: they are lost, only a new link brings new ones.
                // (A key id this node lacks is a configuration gap instead: the link stays as it is.)
                discardUndecryptable(
                        linkId,
                        "stored tokens could not be decrypted with vault key '" + e.keyId()
                                + "': the user must link again");
            }
            throw e;
        }
    }

    /** Marks a link inactive and drops its tokens, which no configured key decrypts. */
    private void discardUndecryptable(long linkId, String reason) {
        QuarkusTransaction.requiringNew().run(() -> {
            ProviderLink link = ProviderLink.findById(linkId);
            if (link != null) {
                link.active = false;
                link.deactivatedReason = reason;
                link.accessTokenEnc = null;
                link.refreshTokenEnc = null;
                link.updatedAt = clock.instant();
            }
        });
        LOG.warnf("Link %d deactivated: %s", linkId, reason);
    }

    /** Refreshes unless someone else already replaced {@code stale}; returns the access token to use. */
    String refresh(long linkId, String stale) throws ProviderException {
        Instant giveUp = clock.instant().plus(WAIT_FOR_OTHER_REFRESH);
        while (true) {
            var lock = coordination.tryLock("token-refresh:" + linkId, LOCK_TTL);
            if (lock.isPresent()) {
                try (var held = lock.get()) {
                    Snapshot s = load(linkId);
                    if (!s.accessToken.equals(stale) && !s.expiring(clock.instant(), skew)) {
                        return s.accessToken; // another job refreshed while we waited for the lock
                    }
                    return refreshHoldingLock(linkId, s);
                }
            }
            Snapshot s = load(linkId);
            if (!s.accessToken.equals(stale) && !s.expiring(clock.instant(), skew)) {
                return s.accessToken;
            }
            if (clock.instant().isAfter(giveUp)) {
                throw new ProviderException(
                        ProviderException.Kind.UNAVAILABLE,
                        null,
                        "token refresh of link " + linkId + " is held by another node",
                        Duration.ofSeconds(30),
                        null);
            }
            sleep();
        }
    }

    private String refreshHoldingLock(long linkId, Snapshot s) throws ProviderException {
        OAuthLinking linking = providers
                .linking(s.provider)
                .orElseThrow(() -> new ProviderException(
                        ProviderException.Kind.REJECTED, null, "no OAuth linking for provider " + s.provider));
        TokenGrant grant;
        try {
            grant = linking.refresh(s.refreshToken, s.scopes);
        } catch (ProviderException e) {
            if (e.kind() == ProviderException.Kind.GRANT_REVOKED) {
                deactivate(
                        linkId,
                        "refresh refused by " + s.provider
                                + e.vendorCode().map(c -> " (" + c + ")").orElse("") + ": the user must link again");
            }
            throw e;
        }
        QuarkusTransaction.requiringNew().run(() -> {
            ProviderLink link = ProviderLink.findById(linkId);
            link.accessTokenEnc = vault.encrypt(grant.accessToken());
            if (grant.refreshToken() != null) {
                link.refreshTokenEnc = vault.encrypt(grant.refreshToken());
            }
            link.tokenExpiresAt = grant.expiresAt();
            if (!grant.scopes().isEmpty()) {
                link.scopes = String.join(",", grant.scopes());
            }
            link.updatedAt = clock.instant();
        });
        LOG.infof("Refreshed the tokens of link %d (%s)", linkId, s.provider);
        return grant.accessToken();
    }

    /** Marks a link inactive with the reason the status endpoints show. */
    public void deactivate(long linkId, String reason) {
        QuarkusTransaction.requiringNew().run(() -> {
            ProviderLink link = ProviderLink.findById(linkId);
            if (link != null) {
                link.active = false;
                link.deactivatedReason = reason;
                link.updatedAt = clock.instant();
            }
        });
        LOG.warnf("Link %d deactivated: %s", linkId, reason);
    }

    private static void sleep() throws ProviderException {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderException(ProviderException.Kind.UNAVAILABLE, null, "interrupted", null, e);
        }
    }
}
