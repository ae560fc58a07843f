package org.openhealthexchange.core.http;

import java.util.Objects;
import org.openhealthexchange.core.spi.AccessTokenSource;
import org.openhealthexchange.core.spi.ProviderException;
import org.openhealthexchange.core.spi.ProviderException.Kind;

/**
 * The access token of one vendor call, across all its attempts: read from the link's {@link AccessTokenSource} on
 * first use, refreshed <em>once</em> when the vendor refuses it (401 or the vendor's own "invalid token"), never
 * again in the same call however often the retry loop repeats it. Failures of the token source end the call at once
 * ({@link Retrier#once}); a second refusal ends it with {@code UNAUTHORIZED}, unretried. Not thread-safe: one per call.
 */
public final class TokenSession {

    private final AccessTokenSource tokens;
    private String token;
    private boolean refreshed;

    public TokenSession(AccessTokenSource tokens) {
        this.tokens = Objects.requireNonNull(tokens, "tokens");
    }

    /** The token to send now. */
    public String token() {
        if (token == null) {
            token = Retrier.once(tokens::current);
        }
        return token;
    }

    /**
     * The vendor refused {@link #token()}: true with a fresh token in place when this call has not refreshed yet,
     * false when it already has (the caller then fails with {@link #refusedAgain}).
     */
    public boolean refreshAfterRejection() {
        if (refreshed) {
            return false;
        }
        refreshed = true;
        String rejected = token();
        token = Retrier.once(() -> tokens.refreshAfterRejection(rejected));
        return true;
    }

    /** Whether this call has refreshed its token. */
    public boolean refreshed() {
        return refreshed;
    }

    /** The failure for a token refused after its refresh: {@code UNAUTHORIZED}, never retried. */
    public static Retrier.DoNotRetry refusedAgain(String vendorCode, String message) {
        return Retrier.doNotRetry(new ProviderException(Kind.UNAUTHORIZED, vendorCode, message));
    }
}
