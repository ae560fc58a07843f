package org.openhealthexchange.sandbox.withings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openhealthexchange.testkit.MutableClock;

class WithingsTokensTest {

    private static final String CLIENT = "client";
    private static final String SECRET = "secret";
    private static final String REDIRECT = "https://app.example/cb";

    private MutableClock clock;
    private WithingsTokens tokens;

    @BeforeEach
    void setUp() {
        clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
        tokens = new WithingsTokens(CLIENT, SECRET, WithingsTokens.Lifetimes.WITHINGS, clock);
    }

    private WithingsTokens.Issued link() {
        String code = tokens.issueCode(CLIENT, REDIRECT, "user.metrics", "42");
        return tokens.exchange(CLIENT, SECRET, code, REDIRECT);
    }

    private static int status(Runnable call) {
        return assertThrows(WithingsApiError.class, call::run).status();
    }

    @Test
    void codeIsSingleUse() {
        String code = tokens.issueCode(CLIENT, REDIRECT, "user.metrics", "42");
        var issued = tokens.exchange(CLIENT, SECRET, code, REDIRECT);
        assertEquals("42", issued.userid());
        assertEquals(10800, issued.expiresIn());
        assertEquals("user.metrics", issued.scope());
        assertEquals(503, status(() -> tokens.exchange(CLIENT, SECRET, code, REDIRECT)));
    }

    @Test
    void codeExpiresAfterThirtySeconds() {
        String fresh = tokens.issueCode(CLIENT, REDIRECT, "s", "42");
        String stale = tokens.issueCode(CLIENT, REDIRECT, "s", "42");
        clock.advance(Duration.ofSeconds(29));
        tokens.exchange(CLIENT, SECRET, fresh, REDIRECT);
        clock.advance(Duration.ofSeconds(1));
        assertEquals(503, status(() -> tokens.exchange(CLIENT, SECRET, stale, REDIRECT)));
    }

    @Test
    void exchangeChecksClientCredentialsAndRedirectUri() {
        String code = tokens.issueCode(CLIENT, REDIRECT, "s", "42");
        assertEquals(503, status(() -> tokens.exchange(CLIENT, "wrong", code, REDIRECT)));
        String other = tokens.issueCode(CLIENT, REDIRECT, "s", "42");
        assertEquals(503, status(() -> tokens.exchange(CLIENT, SECRET, other, "https://evil.example/cb")));
    }

    @Test
    void accessTokenWorksForThreeHours() {
        var issued = link();
        clock.advance(Duration.ofHours(3).minusSeconds(1));
        assertEquals("42", tokens.authenticate(issued.accessToken()));
        clock.advance(Duration.ofSeconds(1));
        assertEquals(401, status(() -> tokens.authenticate(issued.accessToken())));
        assertEquals(401, status(() -> tokens.authenticate("unknown")));
    }

    @Test
    void rotatedRefreshTokenDiesWhenTheNewAccessTokenIsUsed() {
        var first = link();
        var second = tokens.refresh(CLIENT, SECRET, first.refreshToken());
        assertNotEquals(first.refreshToken(), second.refreshToken());
        // Until the new access token is used, the old refresh token still works (Withings' safety net).
        var retry = tokens.refresh(CLIENT, SECRET, first.refreshToken());
        tokens.authenticate(retry.accessToken());
        assertEquals(503, status(() -> tokens.refresh(CLIENT, SECRET, first.refreshToken())));
        // The refresh tokens issued by those refreshes are alive.
        tokens.refresh(CLIENT, SECRET, second.refreshToken());
    }

    @Test
    void rotatedRefreshTokenDiesEightHoursAfterRotation() {
        var first = link();
        tokens.refresh(CLIENT, SECRET, first.refreshToken());
        clock.advance(Duration.ofHours(8).minusSeconds(1));
        tokens.refresh(CLIENT, SECRET, first.refreshToken());
        clock.advance(Duration.ofSeconds(1));
        assertEquals(503, status(() -> tokens.refresh(CLIENT, SECRET, first.refreshToken())));
    }

    @Test
    void unrotatedRefreshTokenKeepsWorkingAndUsingAnAccessTokenOfTheLinkDoesNotKillIt() {
        var first = link();
        tokens.authenticate(first.accessToken());
        clock.advance(Duration.ofDays(30));
        var next = tokens.refresh(CLIENT, SECRET, first.refreshToken());
        assertEquals("42", tokens.authenticate(next.accessToken()));
        assertEquals(503, status(() -> tokens.refresh(CLIENT, SECRET, "never-issued")));
    }

    @Test
    void revokingAUserKillsAllTheirTokens() {
        var mine = link();
        String code = tokens.issueCode(CLIENT, REDIRECT, "s", "43");
        var other = tokens.exchange(CLIENT, SECRET, code, REDIRECT);
        assertEquals(2, tokens.revokeUser("42"));
        assertEquals(401, status(() -> tokens.authenticate(mine.accessToken())));
        assertEquals(503, status(() -> tokens.refresh(CLIENT, SECRET, mine.refreshToken())));
        assertEquals("43", tokens.authenticate(other.accessToken()));
    }
}
