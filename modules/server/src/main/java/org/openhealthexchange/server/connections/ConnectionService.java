package org.openhealthexchange.server.connections;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.jboss.logging.Logger;
import org.openhealthexchange.core.spi.credentials.Credential;
import org.openhealthexchange.server.metrics.OheMetrics;
import org.openhealthexchange.server.vault.TokenVault;

/**
 * The one place a connection's state changes: linked, refreshed, refresh refused, revoked at the vendor, relink
 * required (the vault key no longer opens its credential), replaced (the vendor account was linked to another
 * subject) and unlinked. Each change sets the timestamps ({@code updated_at}; {@code deactivated_at} and the reason
 * the status endpoints show; {@code refreshed_at}), is logged and counted ({@code ohe_connection_transitions_total}).
 * A test fails when another class writes these fields.
 */
@ApplicationScoped
public class ConnectionService {

    private static final Logger LOG = Logger.getLogger(ConnectionService.class);

    /** The state changes of a connection, as the metric's {@code transition} tag names them. */
    public enum Transition {
        LINKED,
        REFRESHED,
        REFRESH_REFUSED,
        REVOKED_AT_VENDOR,
        RELINK_REQUIRED,
        REPLACED,
        UNLINKED;

        public String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Connections a vendor revocation deactivated inside a caller's transaction; {@link #committed} announces them. */
    public record Revoked(String provider, List<Long> connectionIds, String reason) {}

    private final TokenVault vault;
    private final OheMetrics metrics;
    private final Clock clock = Clock.systemUTC();

    ConnectionService(TokenVault vault, OheMetrics metrics) {
        this.vault = vault;
        this.metrics = metrics;
    }

    /**
     * Stores a new credential for {@code subject} at {@code provider} (a new connection, or the subject's existing
     * one made active again) in one transaction. An active connection of another subject to the same vendor
     * account is deactivated first ({@link Transition#REPLACED}): a vendor account belongs to one subject.
     */
    public ProviderConnection link(String provider, Subject subject, String externalUserId, Credential credential) {
        List<Long> replaced = new java.util.ArrayList<>();
        ProviderConnection linked = QuarkusTransaction.requiringNew().call(() -> {
            Instant now = clock.instant();
            for (ProviderConnection other : ProviderConnection.activeForExternalUser(provider, externalUserId)) {
                if (!other.subject().equals(subject)) {
                    deactivate(
                            other,
                            "the " + provider + " account was linked to another "
                                    + (subject.kind() == Subject.Kind.USER ? "ehr_user_id" : "organisation"),
                            false,
                            now);
                    replaced.add(other.id);
                }
            }
            // the partial unique index needs the old connection inactive before the new one is written
            ProviderConnection.flush();
            ProviderConnection c = ProviderConnection.forSubject(provider, subject)
                    .orElseGet(() -> {
                        ProviderConnection fresh = new ProviderConnection();
                        fresh.provider = provider;
                        fresh.subjectKind = subject.kind().code();
                        if (subject.kind() == Subject.Kind.USER) {
                            fresh.ehrUserId = subject.id();
                        } else {
                            fresh.subjectId = subject.id();
                        }
                        fresh.linkedAt = now;
                        return fresh;
                    });
            c.externalUserId = externalUserId;
            c.credentialKind = credential.kind();
            c.accessTokenEnc = vault.encrypt(credential.secret());
            c.refreshTokenEnc = vault.encrypt(credential.refreshSecret());
            c.tokenExpiresAt = credential.expiresAt();
            c.scopes = String.join(",", credential.scopes());
            c.active = true;
            c.deactivatedReason = null;
            c.deactivatedAt = null;
            c.updatedAt = now;
            c.persist();
            return c;
        });
        replaced.forEach(id -> counted(provider, Transition.REPLACED));
        counted(provider, Transition.LINKED);
        return linked;
    }

    /** Commits a refreshed credential (encrypted) before anyone uses it. */
    public void refreshed(long connectionId, Credential credential) {
        String provider = QuarkusTransaction.requiringNew().call(() -> {
            ProviderConnection c = ProviderConnection.findById(connectionId);
            Instant now = clock.instant();
            c.accessTokenEnc = vault.encrypt(credential.secret());
            if (credential.refreshSecret() != null) {
                c.refreshTokenEnc = vault.encrypt(credential.refreshSecret());
            }
            c.tokenExpiresAt = credential.expiresAt();
            if (!credential.scopes().isEmpty()) {
                c.scopes = String.join(",", credential.scopes());
            }
            c.refreshedAt = now;
            c.updatedAt = now;
            return c.provider;
        });
        LOG.infof("Refreshed the tokens of link %d (%s)", connectionId, provider);
        counted(provider, Transition.REFRESHED);
    }

    /** The vendor refused the refresh for good: the connection stops syncing and shows why. */
    public void refreshRefused(long connectionId, String reason) {
        deactivate(connectionId, Transition.REFRESH_REFUSED, reason, false);
    }

    /**
     * The configured vault key does not open the stored credential: it is lost (and dropped), only a new link
     * brings a new one.
     */
    public void relinkRequired(long connectionId, String reason) {
        deactivate(connectionId, Transition.RELINK_REQUIRED, reason, true);
    }

    /** The subject unlinked: the connection is deactivated and its credential erased. */
    public void unlinked(long connectionId) {
        deactivate(connectionId, Transition.UNLINKED, "unlinked", true);
    }

    /**
     * The grant is gone at the vendor (a revocation notification): the connections stop syncing, drop their
     * credential and show why. Written on the caller's JDBC connection, inside its transaction; pass the result
     * to {@link #committed} after the commit.
     */
    public Revoked revokedAtVendor(Connection c, String provider, Collection<Long> connectionIds) throws SQLException {
        String reason = "access revoked by the user at " + provider;
        try (PreparedStatement ps = c.prepareStatement("UPDATE provider_link SET active = false,"
                + " deactivated_reason = ?, deactivated_at = now(), access_token_enc = NULL,"
                + " refresh_token_enc = NULL, updated_at = now() WHERE id = ANY (?)")) {
            ps.setString(1, reason);
            ps.setArray(2, c.createArrayOf("bigint", connectionIds.toArray()));
            ps.executeUpdate();
        }
        return new Revoked(provider, List.copyOf(connectionIds), reason);
    }

    /** Logs and counts the revocations a committed transaction wrote. */
    public void committed(Revoked revoked) {
        for (long id : revoked.connectionIds()) {
            LOG.infof("Link %d deactivated: the user revoked access at %s", id, revoked.provider());
            counted(revoked.provider(), Transition.REVOKED_AT_VENDOR);
        }
    }

    private void deactivate(long connectionId, Transition transition, String reason, boolean dropCredential) {
        String provider = QuarkusTransaction.requiringNew().call(() -> {
            ProviderConnection c = ProviderConnection.findById(connectionId);
            if (c == null) {
                return null;
            }
            deactivate(c, reason, dropCredential, clock.instant());
            return c.provider;
        });
        if (provider != null) {
            LOG.warnf("Link %d deactivated: %s", connectionId, reason);
            counted(provider, transition);
        }
    }

    private static void deactivate(ProviderConnection c, String reason, boolean dropCredential, Instant now) {
        c.active = false;
        c.deactivatedReason = reason;
        c.deactivatedAt = now;
        if (dropCredential) {
            c.accessTokenEnc = null;
            c.refreshTokenEnc = null;
        }
        c.updatedAt = now;
    }

    private void counted(String provider, Transition transition) {
        metrics.connectionTransition(provider, transition.tag());
    }
}
