package org.openhealthexchange.core.spi.credentials;

import java.util.Set;
import org.openhealthexchange.core.spi.AccessTokenSource;
import org.openhealthexchange.core.spi.ProviderException;

/** Gives a usable credential for a connection, refreshed first when it is about to expire. */
public interface CredentialSource {

    /** The credential to use now (refreshed first when it expires within the configured skew). */
    Credential current(long connectionId) throws ProviderException;

    /**
     * Called once when the vendor rejected {@code rejectedSecret}; returns a new credential (single-flight across
     * replicas, so a refresh another node just made is reused) or throws when the grant is gone.
     */
    Credential refreshAfterRejection(long connectionId, String rejectedSecret) throws ProviderException;

    /** The scopes the connection's grant covers, without refreshing; empty when unknown or gone. */
    Set<String> grantedScopes(long connectionId);

    /** The credential of one connection as the adapters' {@link AccessTokenSource} sees it. */
    default AccessTokenSource accessTokens(long connectionId) {
        CredentialSource source = this;
        return new AccessTokenSource() {
            @Override
            public String current() throws ProviderException {
                return source.current(connectionId).secret();
            }

            @Override
            public String refreshAfterRejection(String rejected) throws ProviderException {
                return source.refreshAfterRejection(connectionId, rejected).secret();
            }

            @Override
            public Set<String> grantedScopes() {
                return source.grantedScopes(connectionId);
            }
        };
    }
}
