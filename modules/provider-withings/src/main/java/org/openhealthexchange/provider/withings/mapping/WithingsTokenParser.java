package org.openhealthexchange.provider.withings.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.openhealthexchange.core.spi.ProviderException;
import org.openhealthexchange.core.spi.TokenGrant;
import org.openhealthexchange.provider.withings.client.WithingsJson;

/** Maps the body of {@code oauth2 requesttoken} to a grant; {@code userid} may come as a number or as a string. */
public final class WithingsTokenParser {

    private WithingsTokenParser() {}

    /** @param now when the reply arrived; {@code expires_in} counts from then */
    public static TokenGrant parse(JsonNode body, Instant now) throws ProviderException {
        String userId = WithingsJson.text(body, "userid")
                .orElseThrow(() -> WithingsJson.badResponse("token reply without userid"));
        String access = WithingsJson.text(body, "access_token")
                .orElseThrow(() -> WithingsJson.badResponse("token reply without access_token"));
        String refresh = WithingsJson.text(body, "refresh_token")
                .orElseThrow(() -> WithingsJson.badResponse("token reply without refresh_token"));
        long expiresIn = WithingsJson.requireNumber(body, "expires_in", "token reply");
        return new TokenGrant(userId, access, refresh, now.plusSeconds(expiresIn), scopes(body));
    }

    private static Set<String> scopes(JsonNode body) {
        String scope = WithingsJson.text(body, "scope").orElse("");
        return Arrays.stream(scope.split("[,\\s]+"))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }
}
