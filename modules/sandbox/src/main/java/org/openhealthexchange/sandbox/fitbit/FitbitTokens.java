package org.openhealthexchange.sandbox.fitbit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * Authorization codes and tokens with the legacy Fitbit rules: a code works once, within its lifetime, for the
 * redirect URI it was issued for and with the PKCE verifier whose S256 hash is the stored challenge; an access token
 * works for its lifetime (8 h); a refresh token is single-use: refreshing returns a new pair and kills the old
 * refresh token and its access token. Revoking a token kills the whole grant. Thread-safe, in memory.
 */
final class FitbitTokens {

    /** A token response body. */
    record Issued(String userId, String accessToken, String refreshToken, long expiresIn, String scope) {}

    /** Why a bearer token does not work: Fitbit's {@code errorType}. */
    enum Problem {
        INVALID_TOKEN,
        EXPIRED_TOKEN
    }

    /** The user of a bearer token and what is wrong with it (null: nothing). */
    record Bearer(String userId, Problem problem) {}

    private record Code(String userId, String redirectUri, String scope, String challenge, Instant expiresAt) {}

    private record Access(String grant, String userId, Instant expiresAt) {}

    private record Refresh(String grant, String userId, String scope) {}

    private final Duration codeLifetime;
    private final Duration accessLifetime;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Code> codes = new HashMap<>();
    private final Map<String, Access> access = new HashMap<>();
    private final Map<String, Refresh> refresh = new HashMap<>();

    FitbitTokens(Duration codeLifetime, Duration accessLifetime, Clock clock) {
        this.codeLifetime = codeLifetime;
        this.accessLifetime = accessLifetime;
        this.clock = clock;
    }

    synchronized String issueCode(String userId, String redirectUri, String scope, String challenge) {
        String code = token();
        codes.put(
                code,
                new Code(userId, redirectUri, scope, challenge, clock.instant().plus(codeLifetime)));
        return code;
    }

    /** Exchanges a code (once); empty when the code, redirect URI or verifier does not match. */
    synchronized Optional<Issued> exchange(String code, String redirectUri, String verifier) {
        Code c = code == null ? null : codes.remove(code);
        if (c == null
                || clock.instant().isAfter(c.expiresAt())
                || (c.redirectUri() != null && !c.redirectUri().equals(redirectUri))) {
            return Optional.empty();
        }
        if (c.challenge() != null && (verifier == null || !s256(verifier).equals(c.challenge()))) {
            return Optional.empty();
        }
        return Optional.of(issue(token(), c.userId(), c.scope()));
    }

    /** Rotates a refresh token (single use); empty when it is unknown, used or revoked. */
    synchronized Optional<Issued> refresh(String refreshToken) {
        Refresh r = refreshToken == null ? null : refresh.remove(refreshToken);
        if (r == null) {
            return Optional.empty();
        }
        access.values().removeIf(a -> a.grant().equals(r.grant()));
        return Optional.of(issue(r.grant(), r.userId(), r.scope()));
    }

    /** Revokes the grant of an access or refresh token; false when the token is unknown. */
    synchronized boolean revoke(String token) {
        String grant = access.containsKey(token)
                ? access.get(token).grant()
                : refresh.containsKey(token) ? refresh.get(token).grant() : null;
        if (grant == null) {
            return false;
        }
        access.values().removeIf(a -> a.grant().equals(grant));
        refresh.values().removeIf(r -> r.grant().equals(grant));
        return true;
    }

    /** The user of a working access token, or the problem with it. */
    synchronized Bearer user(String accessToken) {
        Access a = accessToken == null ? null : access.get(accessToken);
        if (a == null) {
            return new Bearer(null, Problem.INVALID_TOKEN);
        }
        return new Bearer(a.userId(), clock.instant().isBefore(a.expiresAt()) ? null : Problem.EXPIRED_TOKEN);
    }

    synchronized void clear() {
        codes.clear();
        access.clear();
        refresh.clear();
    }

    private Issued issue(String grant, String userId, String scope) {
        String a = token();
        String r = token();
        access.put(a, new Access(grant, userId, clock.instant().plus(accessLifetime)));
        refresh.put(r, new Refresh(grant, userId, scope));
        return new Issued(userId, a, r, accessLifetime.toSeconds(), scope);
    }

    private String token() {
        byte[] b = new byte[24];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** {@code BASE64URL(SHA-256(verifier))} without padding (RFC 7636). */
    static String s256(String verifier) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
