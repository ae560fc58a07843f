package org.openhealthexchange.core.spi.credentials;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * The credential of one connection, in plaintext (only ever held in memory; stores keep it encrypted).
 * {@code secret} is what a vendor call presents (an OAuth access token, a Sikka request key); {@code refreshSecret}
 * is what a {@link CredentialRefresher} of the same {@code kind} trades for a new one (an OAuth refresh token, a
 * Sikka refresh key); {@code expiresAt} is null when the vendor gave no expiry. {@code toString} never prints
 * secrets.
 */
public record Credential(String kind, String secret, String refreshSecret, Instant expiresAt, Set<String> scopes) {

    public Credential {
        Objects.requireNonNull(kind, "kind");
        scopes = scopes == null ? Set.of() : Set.copyOf(scopes);
    }

    /** Whether it expires within {@code skew} of {@code now} (never when there is no expiry). */
    public boolean expiring(Instant now, Duration skew) {
        return expiresAt != null && !expiresAt.isAfter(now.plus(skew));
    }

    /**
     * This credential after a refresh that returned {@code fresh}: a vendor that rotates nothing but the secret
     * (no new refresh secret, no scopes reported) keeps the old refresh secret and scopes.
     */
    public Credential renewedBy(Credential fresh) {
        return new Credential(
                kind,
                fresh.secret(),
                fresh.refreshSecret() != null ? fresh.refreshSecret() : refreshSecret,
                fresh.expiresAt(),
                fresh.scopes().isEmpty() ? scopes : fresh.scopes());
    }

    @Override
    public String toString() {
        return "Credential[kind=" + kind + ", expiresAt=" + expiresAt + ", scopes=" + scopes + "]";
    }
}
