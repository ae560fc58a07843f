package org.openhealthexchange.server.linking;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One authorization request: single use, bound to an ehr_user_id and a provider, expiring. */
@Entity
@Table(name = "oauth_state")
public class OAuthState extends PanacheEntityBase {

    @Id
    public String state;

    @Column(nullable = false)
    public String provider;

    @Column(name = "ehr_user_id", nullable = false)
    public String ehrUserId;

    @Column(name = "code_verifier_enc")
    public String codeVerifierEnc;

    @Column(name = "redirect_uri", nullable = false)
    public String redirectUri;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "expires_at", nullable = false)
    public Instant expiresAt;

    @Column(name = "used_at")
    public Instant usedAt;
}
