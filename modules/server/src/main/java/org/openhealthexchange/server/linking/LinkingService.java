package org.openhealthexchange.server.linking;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import org.jboss.logging.Logger;
import org.openhealthexchange.core.spi.AuthorizationRequest;
import org.openhealthexchange.core.spi.OAuthLinking;
import org.openhealthexchange.core.spi.ProviderException;
import org.openhealthexchange.core.spi.TokenGrant;
import org.openhealthexchange.core.spi.credentials.OAuthRefresher;
import org.openhealthexchange.server.config.OheConfig;
import org.openhealthexchange.server.connections.ConnectionCredentials;
import org.openhealthexchange.server.connections.ConnectionService;
import org.openhealthexchange.server.connections.ProviderConnection;
import org.openhealthexchange.server.connections.Subject;
import org.openhealthexchange.server.http.ApiException;
import org.openhealthexchange.server.http.InputRules;
import org.openhealthexchange.server.sync.SyncScheduler;
import org.openhealthexchange.server.vault.TokenVault;

/**
 * The OAuth linking flow, provider-neutral: a single-use state bound to the ehr_user_id, the code exchange, the
 * encrypted link, the notification subscription and the first backfill.
 */
@ApplicationScoped
public class LinkingService {

    private static final Logger LOG = Logger.getLogger(LinkingService.class);

    private final LinkingProviders providers;
    private final TokenVault vault;
    private final OheConfig.Linking config;
    private final SyncScheduler scheduler;
    private final ConnectionCredentials tokens;
    private final ConnectionService connections;
    private final SecureRandom random = new SecureRandom();
    private final Clock clock = Clock.systemUTC();

    LinkingService(
            LinkingProviders providers,
            TokenVault vault,
            OheConfig config,
            SyncScheduler scheduler,
            ConnectionCredentials tokens,
            ConnectionService connections) {
        this.providers = providers;
        this.vault = vault;
        this.config = config.linking();
        this.scheduler = scheduler;
        this.tokens = tokens;
        this.connections = connections;
    }

    /** What a finished link looks like to the callback page. */
    public record Linked(String provider, String ehrUserId, String externalUserId, long linkId) {}

    public OAuthLinking linking(String provider) {
        return providers
                .linking(provider)
                .orElseThrow(() -> new ApiException(
                        404,
                        "not_found",
                        "Provider '" + InputRules.quote(provider) + "' does not support account linking"));
    }

    /** Creates a single-use state and returns the vendor's authorize URL. */
    public URI start(String provider, String ehrUserId) {
        OAuthLinking linking = linking(provider);
        String state = randomToken(32);
        String verifier = linking.usesPkce() ? randomToken(48) : null;
        String redirectUri = callbackUri(provider);
        Instant now = clock.instant();
        QuarkusTransaction.requiringNew().run(() -> {
            OAuthState s = new OAuthState();
            s.state = state;
            s.provider = provider;
            s.ehrUserId = ehrUserId;
            s.codeVerifierEnc = vault.encrypt(verifier);
            s.redirectUri = redirectUri;
            s.createdAt = now;
            s.expiresAt = now.plus(config.stateTtl());
            s.persist();
        });
        return linking.authorizationUrl(
                new AuthorizationRequest(state, redirectUri, verifier == null ? null : s256(verifier)));
    }

    /** Consumes the state, exchanges the code and stores the link. Nothing is written when any step fails. */
    public Linked complete(String provider, String code, String state, String vendorError) {
        OAuthLinking linking = linking(provider);
        if (state == null || state.isBlank()) {
            throw new ApiException(400, "invalid_state", "The callback carries no state");
        }
        OAuthState consumed = consume(provider, state);
        if (vendorError != null && !vendorError.isBlank()) {
            throw new ApiException(
                    400, "access_denied", "The account was not linked: " + InputRules.quote(vendorError));
        }
        if (code == null || code.isBlank()) {
            throw new ApiException(400, "invalid_request", "The callback carries no authorization code");
        }
        TokenGrant grant;
        try {
            grant = linking.exchange(code, consumed.redirectUri, vault.decrypt(consumed.codeVerifierEnc));
        } catch (ProviderException e) {
            throw new ApiException(
                    502,
                    "vendor_error",
                    "The vendor refused the authorization code",
                    Map.of("vendor_code", e.vendorCode().orElse("")));
        }
        ProviderConnection link = connections.link(
                provider, Subject.user(consumed.ehrUserId), grant.externalUserId(), OAuthRefresher.of(grant));
        LOG.infof("Linked %s account to ehr_user_id %s (link %d)", provider, consumed.ehrUserId, link.id);
        subscribe(link);
        scheduler.backfillNewLink(link, Duration.ofDays(config.backfillDays()));
        return new Linked(provider, link.ehrUserId, link.externalUserId, link.id);
    }

    private OAuthState consume(String provider, String state) {
        return QuarkusTransaction.requiringNew().call(() -> {
            OAuthState s = OAuthState.findById(state, LockModeType.PESSIMISTIC_WRITE);
            if (s == null || !s.provider.equals(provider)) {
                throw new ApiException(400, "invalid_state", "Unknown authorization state");
            }
            if (s.usedAt != null) {
                throw new ApiException(400, "invalid_state", "This authorization state was already used");
            }
            if (clock.instant().isAfter(s.expiresAt)) {
                throw new ApiException(400, "expired_state", "The authorization request expired; start linking again");
            }
            s.usedAt = clock.instant();
            return s;
        });
    }

    private void subscribe(ProviderConnection link) {
        providers.subscriptions(link.provider).ifPresent(s -> {
            try {
                s.subscribe(tokens.forConnection(link.id), webhookUrl(link.provider));
            } catch (ProviderException | RuntimeException e) {
                // The link stays usable: schedules still sync it; the operator sees the warning.
                LOG.warnf(
                        "Could not subscribe link %d to %s notifications: %s", link.id, link.provider, e.getMessage());
            }
        });
    }

    /** Revokes the notification subscription and the grant, and deactivates the link. */
    public void unlink(String provider, String ehrUserId) {
        linking(provider);
        ProviderConnection link = QuarkusTransaction.requiringNew()
                .call(() -> ProviderConnection.forUser(provider, ehrUserId)
                        .filter(l -> l.active)
                        .orElse(null));
        if (link == null) {
            throw ApiException.notFound("No active " + provider + " link for ehr_user_id '" + ehrUserId + "'");
        }
        providers.subscriptions(provider).ifPresent(s -> {
            try {
                s.unsubscribe(tokens.forConnection(link.id), webhookUrl(provider));
            } catch (ProviderException | RuntimeException e) {
                LOG.warnf("Could not unsubscribe link %d: %s", link.id, e.getMessage());
            }
        });
        try {
            // The grant goes at the vendor too, so OHE holds no usable token for a user who unlinked.
            ProviderConnection current =
                    QuarkusTransaction.requiringNew().call(() -> ProviderConnection.findById(link.id));
            linking(provider)
                    .revoke(new TokenGrant(
                            current.externalUserId,
                            vault.decrypt(current.accessTokenEnc),
                            vault.decrypt(current.refreshTokenEnc),
                            current.tokenExpiresAt,
                            ProviderConnection.scopes(current.scopes)));
        } catch (ProviderException | RuntimeException e) {
            // The link is deactivated and its tokens erased regardless; the grant then expires at the vendor.
            LOG.warnf("Could not revoke the grant of link %d at %s: %s", link.id, provider, e.getMessage());
        }
        connections.unlinked(link.id);
    }

    public String callbackUri(String provider) {
        return config.publicBaseUrl().replaceAll("/+$", "") + "/api/base/link/" + provider + "/callback/";
    }

    public String webhookUrl(String provider) {
        return config.publicBaseUrl().replaceAll("/+$", "") + "/webhooks/" + provider + "/";
    }

    private String randomToken(int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    static String s256(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
