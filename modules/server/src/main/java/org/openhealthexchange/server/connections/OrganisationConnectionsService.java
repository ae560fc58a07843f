package org.openhealthexchange.server.connections;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.PersistenceException;
import java.time.Instant;
import java.util.List;
import org.openhealthexchange.core.spi.connections.OrganisationConnections;
import org.openhealthexchange.core.spi.credentials.Credential;

/** {@link OrganisationConnections} over {@link ConnectionService} and {@link ConnectionCursors}. */
@ApplicationScoped
class OrganisationConnectionsService implements OrganisationConnections {

    private final ConnectionService connections;
    private final ConnectionCursors cursors;

    OrganisationConnectionsService(ConnectionService connections, ConnectionCursors cursors) {
        this.connections = connections;
        this.cursors = cursors;
    }

    @Override
    public long ensure(String provider, String organisationId, String externalAccountId, Credential credential) {
        Subject subject = Subject.organisation(organisationId);
        Long existing = active(provider, subject);
        if (existing != null) {
            return existing;
        }
        try {
            return connections.link(provider, subject, externalAccountId, credential).id;
        } catch (PersistenceException | io.quarkus.narayana.jta.QuarkusTransactionException e) {
            // another node linked it at the same moment: the unique index kept one, which is ours too
            Long raced = active(provider, subject);
            if (raced == null) {
                throw e;
            }
            return raced;
        }
    }

    @Override
    public void synced(long connectionId, String stream, Instant windowEnd) {
        cursors.synced(connectionId, List.of(stream), windowEnd);
    }

    private static Long active(String provider, Subject subject) {
        return io.quarkus.narayana.jta.QuarkusTransaction.requiringNew()
                .call(() -> ProviderConnection.forSubject(provider, subject)
                        .filter(c -> c.active)
                        .map(c -> c.id)
                        .orElse(null));
    }
}
