package org.openhealthexchange.core.spi.connections;

import java.time.Instant;
import org.openhealthexchange.core.spi.credentials.Credential;

/**
 * Connections whose subject is an organisation (a CallDoc installation, a Sikka practice), as a provider module
 * sees them: the server implements this over its one service for connection state, so a module never writes a
 * connection itself.
 */
public interface OrganisationConnections {

    /**
     * The id of the organisation's active connection at {@code provider}; linked on first use with
     * {@code credential} (kind {@link #NO_CREDENTIAL} when the vendor needs none), also by racing nodes at once.
     */
    long ensure(String provider, String organisationId, String externalAccountId, Credential credential);

    /** Records that {@code stream} of the connection is synced completely up to {@code windowEnd}; never moves back. */
    void synced(long connectionId, String stream, Instant windowEnd);

    /** The credential kind of a vendor that authenticates nothing (CallDoc in the practice's network). */
    String NO_CREDENTIAL = "none";

    static Credential noCredential() {
        return new Credential(NO_CREDENTIAL, null, null, null, java.util.Set.of());
    }
}
