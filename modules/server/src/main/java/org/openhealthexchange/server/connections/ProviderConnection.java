package org.openhealthexchange.server.connections;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A connection: the unit that holds the credential of one subject at one provider (and, in
 * {@code connection_cursor}, its sync cursors). The subject is an end user ({@code ehr_user_id}: a Withings or Fitbit
 * link) or an organisation ({@code subject_id}: a CallDoc installation, a Sikka practice). The credential columns
 * hold vault ciphertexts only. The table keeps its first name, {@code provider_link}.
 *
 * <p>Read the fields freely; the state ({@code active}, the deactivation, the credential) changes only through
 * {@link ConnectionService}, which a test enforces.
 */
@Entity
@Table(name = "provider_link")
public class ProviderConnection extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(nullable = false)
    public String provider;

    @Column(name = "subject_kind", nullable = false)
    public String subjectKind = Subject.Kind.USER.code();

    /** The organisation's id; null for an end user (whose id is {@link #ehrUserId}). */
    @Column(name = "subject_id")
    public String subjectId;

    /** The end user's id; null for an organisation. */
    @Column(name = "ehr_user_id")
    public String ehrUserId;

    @Column(name = "external_user_id", nullable = false)
    public String externalUserId;

    /** Which {@code CredentialRefresher} renews the credential ({@code oauth2} for the OAuth links). */
    @Column(name = "credential_kind", nullable = false)
    public String credentialKind = org.openhealthexchange.core.spi.credentials.OAuthRefresher.KIND;

    /** The secret a vendor call presents (an OAuth access token). */
    @Column(name = "access_token_enc")
    public String accessTokenEnc;

    /** The secret a refresh trades in (an OAuth refresh token). */
    @Column(name = "refresh_token_enc")
    public String refreshTokenEnc;

    @Column(name = "token_expires_at")
    public Instant tokenExpiresAt;

    public String scopes;

    @Column(nullable = false)
    public boolean active = true;

    @Column(name = "deactivated_reason")
    public String deactivatedReason;

    @Column(name = "deactivated_at")
    public Instant deactivatedAt;

    @Column(name = "refreshed_at")
    public Instant refreshedAt;

    @Column(name = "linked_at", nullable = false)
    public Instant linkedAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    /** Whose connection it is. */
    public Subject subject() {
        return Subject.Kind.ORGANISATION.code().equals(subjectKind)
                ? Subject.organisation(subjectId)
                : Subject.user(ehrUserId);
    }

    public static Optional<ProviderConnection> forUser(String provider, String ehrUserId) {
        return find("provider = ?1 and subjectKind = 'user' and ehrUserId = ?2", provider, ehrUserId)
                .firstResultOptional();
    }

    public static Optional<ProviderConnection> forSubject(String provider, Subject subject) {
        return subject.kind() == Subject.Kind.USER
                ? forUser(provider, subject.id())
                : find("provider = ?1 and subjectKind = 'organisation' and subjectId = ?2", provider, subject.id())
                        .firstResultOptional();
    }

    public static List<ProviderConnection> activeForExternalUser(String provider, String externalUserId) {
        return list("provider = ?1 and externalUserId = ?2 and active = true", provider, externalUserId);
    }

    public static List<ProviderConnection> allForUser(String ehrUserId) {
        return list("subjectKind = 'user' and ehrUserId = ?1 order by id", ehrUserId);
    }

    /** The active connections of end users (the ones the daily and weekly schedules sync). */
    public static List<ProviderConnection> active() {
        return list("active = true and subjectKind = 'user' order by id");
    }

    @Override
    public String toString() {
        return "ProviderConnection[" + id + " " + provider + " " + subject() + " ext=" + externalUserId + " active="
                + active + "]";
    }

    /** The stored comma-separated scopes as a set (empty when none were reported). */
    public static Set<String> scopes(String stored) {
        if (stored == null || stored.isBlank()) {
            return Set.of();
        }
        return Arrays.stream(stored.split(","))
                .map(String::trim)
                .filter(x -> !x.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }
}
