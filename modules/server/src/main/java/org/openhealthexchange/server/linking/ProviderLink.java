package org.openhealthexchange.server.linking;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** An EHR user's link to a vendor account. Token columns hold vault ciphertexts only. */
@Entity
@Table(name = "provider_link")
public class ProviderLink extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(nullable = false)
    public String provider;

    @Column(name = "ehr_user_id", nullable = false)
    public String ehrUserId;

    @Column(name = "external_user_id", nullable = false)
    public String externalUserId;

    @Column(name = "access_token_enc")
    public String accessTokenEnc;

    @Column(name = "refresh_token_enc")
    public String refreshTokenEnc;

    @Column(name = "token_expires_at")
    public Instant tokenExpiresAt;

    public String scopes;

    @Column(nullable = false)
    public boolean active = true;

    @Column(name = "deactivated_reason")
    public String deactivatedReason;

    @Column(name = "sync_cursor")
    public String syncCursor;

    @Column(name = "linked_at", nullable = false)
    public Instant linkedAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    public static Optional<ProviderLink> forUser(String provider, String ehrUserId) {
        return find("provider = ?1 and ehrUserId = ?2", provider, ehrUserId).firstResultOptional();
    }

    public static List<ProviderLink> activeForExternalUser(String provider, String externalUserId) {
        return list("provider = ?1 and externalUserId = ?2 and active = true", provider, externalUserId);
    }

    public static List<ProviderLink> allForUser(String ehrUserId) {
        return list("ehrUserId = ?1 order by id", ehrUserId);
    }

    public static List<ProviderLink> active() {
        return list("active = true order by id");
    }

    @Override
    public String toString() {
        return "ProviderLink[" + id + " " + provider + " ehr=" + ehrUserId + " ext=" + externalUserId + " active="
                + active + "]";
    }

    /** The stored comma-separated scopes as a set (empty when none were reported). */
    public static java.util.Set<String> scopes(String stored) {
        if (stored == null || stored.isBlank()) {
            return java.util.Set.of();
        }
        return java.util.Arrays.stream(stored.split(","))
                .map(String::trim)
                .filter(x -> !x.isEmpty())
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
    }
}
