package org.openhealthexchange.core.spi;

import java.time.Instant;
import java.util.Set;

/** Tokens a vendor granted for one user; {@code toString} never prints token text. */
public record TokenGrant(
        String externalUserId, String accessToken, String refreshToken, Instant expiresAt, Set<String> scopes) {

    public TokenGrant {
        scopes = scopes == null ? Set.of() : Set.copyOf(scopes);
    }

    @Override
    public String toString() {
        return "TokenGrant[externalUserId=" + externalUserId + ", expiresAt=" + expiresAt + ", scopes=" + scopes + "]";
    }
}
