package org.openhealthexchange.core.spi.credentials;

import org.openhealthexchange.core.spi.ProviderException;

/** Where a {@link RefreshingCredentialSource} reads and durably writes the credentials of connections. */
public interface CredentialStore {

    /** A connection's provider and current credential. */
    record Stored(String provider, Credential credential) {}

    /**
     * Reads the current credential; throws {@link ProviderException.Kind#GRANT_REVOKED} when the connection is
     * inactive (with its reason) or gone.
     */
    Stored load(long connectionId) throws ProviderException;

    /** The scopes stored with the connection's credential, whether or not it is active; empty when gone. */
    java.util.Set<String> grantedScopes(long connectionId);

    /** Commits the refreshed credential (encrypted) before returning: only then is it handed out. */
    void commit(long connectionId, Credential refreshed);

    /** The vendor refused the refresh for good: the connection is deactivated with {@code reason}. */
    void refused(long connectionId, String reason);
}
