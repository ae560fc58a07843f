package org.openhealthexchange.sandbox.withings;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;

/**
 * Authorization codes and tokens with Withings' rules: a code works once and only within its lifetime (30 s); an
 * access token works for 3 h; a refresh returns a new pair, and the refresh token it used keeps working until the
 * access token issued by that refresh is first used or its grace period (8 h) ends, whichever comes first. Then it
 * is dead, and refreshing with it is refused. Thread-safe; all state is in memory.
 */
final class WithingsTokens {

    /**
     * Lifetimes (see {@code ohe.sandbox.withings.tokens.*}).
     *
     * @param code how long a code can be exchanged
     * @param accessToken how long an access token works
     * @param rotatedRefreshGrace how long a rotated refresh token stays usable at most
     */
    record Lifetimes(Duration code, Duration accessToken, Duration rotatedRefreshGrace) {

        static final Lifetimes WITHINGS =
                new Lifetimes(Duration.ofSeconds(30), Duration.ofHours(3), Duration.ofHours(8));
    }

    /** A token response body. */
    record Issued(String userid, String accessToken, String refreshToken, long expiresIn, String scope) {}

    private record Code(String clientId, String redirectUri, String scope, String userid, Instant expiresAt) {}

    private static final class Access {
        final String userid;
        final Instant expiresAt;
        final String predecessorRefresh;
        boolean used;

        Access(String userid, Instant expiresAt, String predecessorRefresh) {
            this.userid = userid;
            this.expiresAt = expiresAt;
            this.predecessorRefresh = predecessorRefresh;
        }
    }

    private static final class Refresh {
        final String userid;
        final String scope;
        Instant rotatedUntil;
        boolean dead;

        Refresh(String userid, String scope) {
            this.userid = userid;
            this.scope = scope;
        }
    }

    private final String clientId;
    private final String clientSecret;
    private final Lifetimes lifetimes;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Code> codes = new HashMap<>();
    private final Map<String, Access> accessTokens = new HashMap<>();
    private final Map<String, Refresh> refreshTokens = new HashMap<>();

    WithingsTokens(String clientId, String clientSecret, Lifetimes lifetimes, Clock clock) {
        this.clientId = Objects.requireNonNull(clientId);
        this.clientSecret = Objects.requireNonNull(clientSecret);
        this.lifetimes = lifetimes;
        this.clock = clock;
    }

    boolean isClient(String candidate) {
        return clientId.equals(candidate);
    }

    /** A new single-use code for {@code userid}, bound to the client and redirect URI of the authorize request. */
    synchronized String issueCode(String requestingClient, String redirectUri, String scope, String userid) {
        String code = newToken();
        codes.put(
                code,
                new Code(
                        requestingClient,
                        redirectUri,
                        scope,
                        userid,
                        clock.instant().plus(lifetimes.code())));
        return code;
    }

    /** {@code grant_type=authorization_code}. */
    synchronized Issued exchange(String requestingClient, String secret, String code, String redirectUri) {
        checkClient(requestingClient, secret);
        Code issued = code == null ? null : codes.remove(code);
        if (issued == null
                || !clock.instant().isBefore(issued.expiresAt())
                || !issued.clientId().equals(requestingClient)) {
            throw WithingsApiError.invalidParam("invalid code");
        }
        if (!issued.redirectUri().equals(redirectUri)) {
            throw WithingsApiError.invalidParam("redirect_uri does not match the authorize request");
        }
        return issuePair(issued.userid(), issued.scope(), null);
    }

    /** {@code grant_type=refresh_token}. */
    synchronized Issued refresh(String requestingClient, String secret, String refreshToken) {
        checkClient(requestingClient, secret);
        Refresh current = refreshToken == null ? null : refreshTokens.get(refreshToken);
        Instant now = clock.instant();
        if (current != null && current.rotatedUntil != null && !now.isBefore(current.rotatedUntil)) {
            current.dead = true;
        }
        if (current == null || current.dead) {
            throw WithingsApiError.invalidParam("invalid refresh_token");
        }
        if (current.rotatedUntil == null) {
            current.rotatedUntil = now.plus(lifetimes.rotatedRefreshGrace());
        }
        return issuePair(current.userid, current.scope, refreshToken);
    }

    /** The user an access token belongs to; its first use kills the refresh token it was issued for. */
    synchronized String authenticate(String accessToken) {
        Access access = accessToken == null ? null : accessTokens.get(accessToken);
        if (access == null || !clock.instant().isBefore(access.expiresAt)) {
            throw new WithingsApiError(
                    WithingsStatus.INVALID_TOKEN,
                    "XRequestID: Not provided invalid_token: The access token provided is invalid");
        }
        if (!access.used) {
            access.used = true;
            Refresh predecessor =
                    access.predecessorRefresh == null ? null : refreshTokens.get(access.predecessorRefresh);
            if (predecessor != null) {
                predecessor.dead = true;
            }
        }
        return access.userid;
    }

    /** The user withdrew the application's access: every token of theirs stops working. Returns how many. */
    synchronized int revokeUser(String userid) {
        int before = accessTokens.size();
        accessTokens.values().removeIf(a -> a.userid.equals(userid));
        int revoked = before - accessTokens.size();
        for (Refresh refresh : refreshTokens.values()) {
            if (refresh.userid.equals(userid) && !refresh.dead) {
                refresh.dead = true;
                revoked++;
            }
        }
        return revoked;
    }

    synchronized void clear() {
        codes.clear();
        accessTokens.clear();
        refreshTokens.clear();
    }

    private void checkClient(String requestingClient, String secret) {
        if (!clientId.equals(requestingClient) || !clientSecret.equals(secret)) {
            throw WithingsApiError.invalidParam("invalid client_id or client_secret");
        }
    }

    private Issued issuePair(String userid, String scope, String predecessorRefresh) {
        String access = newToken();
        String refresh = newToken();
        accessTokens.put(access, new Access(userid, clock.instant().plus(lifetimes.accessToken()), predecessorRefresh));
        refreshTokens.put(refresh, new Refresh(userid, scope));
        return new Issued(userid, access, refresh, lifetimes.accessToken().toSeconds(), scope);
    }

    private String newToken() {
        byte[] bytes = new byte[20];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
