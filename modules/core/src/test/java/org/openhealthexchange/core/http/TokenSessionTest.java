package org.openhealthexchange.core.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openhealthexchange.core.http.RetryPolicy.Safety;
import org.openhealthexchange.core.spi.AccessTokenSource;
import org.openhealthexchange.core.spi.ProviderException;
import org.openhealthexchange.core.spi.ProviderException.Kind;

class TokenSessionTest {

    final List<String> calls = new ArrayList<>();

    AccessTokenSource tokens() {
        return new AccessTokenSource() {
            @Override
            public String current() {
                calls.add("current");
                return "t1";
            }

            @Override
            public String refreshAfterRejection(String rejected) {
                calls.add("refresh " + rejected);
                return "t2";
            }
        };
    }

    final Retrier retrier = new Retrier(RetryPolicy.DEFAULT, d -> {}, () -> 0.0);

    @Test
    void refreshesOncePerCallEvenAcrossRetries() throws ProviderException {
        TokenSession session = new TokenSession(tokens());
        List<String> sent = new ArrayList<>();
        String result = retrier.call("c", Safety.IDEMPOTENT, null, attempt -> {
            sent.add(session.token());
            if (attempt == 1) {
                assertTrue(session.refreshAfterRejection());
                sent.add(session.token());
                throw new ProviderException(Kind.UNAVAILABLE, "503", "down"); // then a transient failure
            }
            assertFalse(session.refreshAfterRejection(), "a retry never refreshes again");
            return "ok";
        });
        assertEquals("ok", result);
        assertEquals(List.of("t1", "t2", "t2"), sent);
        assertEquals(List.of("current", "refresh t1"), calls);
    }

    @Test
    void aSecondRefusalIsUnauthorizedAndNotRetried() {
        TokenSession session = new TokenSession(tokens());
        int[] attempts = new int[1];
        ProviderException e = assertThrows(
                ProviderException.class,
                () -> retrier.call("c", Safety.IDEMPOTENT, null, attempt -> {
                    attempts[0]++;
                    session.token();
                    session.refreshAfterRejection();
                    throw TokenSession.refusedAgain("401", "refused a fresh token");
                }));
        assertEquals(Kind.UNAUTHORIZED, e.kind());
        assertEquals(1, attempts[0]);
    }

    @Test
    void aFailingTokenSourceEndsTheCallAtOnce() {
        AccessTokenSource gone = new AccessTokenSource() {
            @Override
            public String current() throws ProviderException {
                throw new ProviderException(Kind.UNAVAILABLE, null, "vault down");
            }

            @Override
            public String refreshAfterRejection(String rejected) {
                return "x";
            }
        };
        int[] attempts = new int[1];
        ProviderException e = assertThrows(
                ProviderException.class,
                () -> retrier.call("c", Safety.IDEMPOTENT, null, attempt -> {
                    attempts[0]++;
                    return new TokenSession(gone).token();
                }));
        assertEquals("vault down", e.getMessage());
        assertEquals(1, attempts[0]);
    }
}
