package org.openhealthexchange.server.connections;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.openhealthexchange.core.spi.AccessTokenSource;
import org.openhealthexchange.core.spi.OAuthLinking;
import org.openhealthexchange.core.spi.ProviderException;
import org.openhealthexchange.core.spi.credentials.Credential;
import org.openhealthexchange.core.spi.credentials.CredentialRefresher;
import org.openhealthexchange.core.spi.credentials.CredentialSource;
import org.openhealthexchange.core.spi.credentials.CredentialStore;
import org.openhealthexchange.core.spi.credentials.OAuthRefresher;
import org.openhealthexchange.core.spi.credentials.RefreshLock;
import org.openhealthexchange.core.spi.credentials.RefreshingCredentialSource;
import org.openhealthexchange.server.config.OheConfig;
import org.openhealthexchange.server.coordination.Coordination;
import org.openhealthexchange.server.vault.TokenVault;
import org.openhealthexchange.server.vault.VaultDecryptionException;

/**
 * The credentials of connections, as adapters use them: the core {@link RefreshingCredentialSource} (single-flight
 * across replicas through the coordination lock, commit before use) over the {@code provider_link} rows, with the
 * OAuth refresher of the deployed {@link OAuthLinking}s and every {@link CredentialRefresher} bean a provider module
 * contributes for a kind of its own. Every state change goes through {@link ConnectionService}.
 */
@ApplicationScoped
public class ConnectionCredentials implements CredentialSource {

    private final TokenVault vault;
    private final ConnectionService connections;
    private final RefreshingCredentialSource source;

    ConnectionCredentials(
            TokenVault vault,
            ConnectionService connections,
            Coordination coordination,
            @Any Instance<OAuthLinking> linkingBeans,
            @Any Instance<CredentialRefresher> refresherBeans,
            OheConfig config) {
        this.vault = vault;
        this.connections = connections;
        Map<String, OAuthLinking> linkings = new HashMap<>();
        linkingBeans.forEach(b -> linkings.put(b.providerId(), b));
        List<CredentialRefresher> refreshers = new ArrayList<>();
        refreshers.add(new OAuthRefresher(p -> Optional.ofNullable(linkings.get(p))));
        refresherBeans.forEach(refreshers::add);
        this.source = new RefreshingCredentialSource(
                new Store(),
                (key, ttl) -> coordination.tryLock(key, ttl).map(lock -> (RefreshLock.Held) lock::close),
                refreshers,
                config.linking().refreshSkew(),
                Clock.systemUTC());
    }

    /** The token source of one connection, for {@code FetchRequest} and the subscription calls. */
    public AccessTokenSource forConnection(long connectionId) {
        return accessTokens(connectionId);
    }

    @Override
    public Credential current(long connectionId) throws ProviderException {
        return source.current(connectionId);
    }

    @Override
    public Credential refreshAfterRejection(long connectionId, String rejectedSecret) throws ProviderException {
        return source.refreshAfterRejection(connectionId, rejectedSecret);
    }

    @Override
    public Set<String> grantedScopes(long connectionId) {
        return source.grantedScopes(connectionId);
    }

    /** The credential kinds that can be refreshed here. */
    public Set<String> kinds() {
        return source.kinds();
    }

    /** The {@code provider_link} rows as the credential source's store. */
    private final class Store implements CredentialStore {

        @Override
        public Stored load(long connectionId) throws ProviderException {
            ProviderConnection c =
                    QuarkusTransaction.requiringNew().call(() -> ProviderConnection.findById(connectionId));
            if (c == null || !c.active) {
                throw new ProviderException(
                        ProviderException.Kind.GRANT_REVOKED,
                        null,
                        "link " + connectionId + " is not active" + (c == null ? "" : ": " + c.deactivatedReason));
            }
            try {
                return new Stored(
                        c.provider,
                        new Credential(
                                c.credentialKind,
                                vault.decrypt(c.accessTokenEnc),
                                vault.decrypt(c.refreshTokenEnc),
                                c.tokenExpiresAt,
                                ProviderConnection.scopes(c.scopes)));
            } catch (VaultDecryptionException e) {
                if (e.keyConfigured()) {
                    // The key is there but does not open the tokens: they are lost, only a new link brings new ones.
                    // (A key id this node lacks is a configuration gap instead: the connection stays as it is.)
                    connections.relinkRequired(
                            connectionId,
                            "stored tokens could not be decrypted with vault key '" + e.keyId()
                                    + "': the user must link again");
                }
                throw e;
            }
        }

        @Override
        public Set<String> grantedScopes(long connectionId) {
            ProviderConnection c =
                    QuarkusTransaction.requiringNew().call(() -> ProviderConnection.findById(connectionId));
            return c == null ? Set.of() : ProviderConnection.scopes(c.scopes);
        }

        @Override
        public void commit(long connectionId, Credential refreshed) {
            connections.refreshed(connectionId, refreshed);
        }

        @Override
        public void refused(long connectionId, String reason) {
            connections.refreshRefused(connectionId, reason);
        }
    }
}
