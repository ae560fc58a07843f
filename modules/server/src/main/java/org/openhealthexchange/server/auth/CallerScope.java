package org.openhealthexchange.server.auth;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.json.JsonArray;
import jakarta.json.JsonString;
import java.util.Collection;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.openhealthexchange.server.config.OheConfig;
import org.openhealthexchange.server.http.ApiException;
import org.openhealthexchange.server.http.InputRules;

/**
 * Which {@code ehr_user_id}s the caller may act for: the values of the configured token claim, {@code *} meaning
 * all. With authentication off (local profile) the caller may act for everyone.
 */
@RequestScoped
public class CallerScope {

    static final String ALL = "*";

    private final OheConfig config;
    private final SecurityIdentity identity;

    CallerScope(OheConfig config, SecurityIdentity identity) {
        this.config = config;
        this.identity = identity;
    }

    /** 403 in the envelope unless the caller may act for {@code ehrUserId} ({@code null}: system-owned data). */
    public void require(String ehrUserId) {
        if (!mayActFor(ehrUserId)) {
            throw new ApiException(
                    403,
                    "forbidden",
                    ehrUserId == null
                            ? "This resource needs access to all users"
                            : "The token does not grant access to ehr_user_id '" + InputRules.quote(ehrUserId) + "'");
        }
    }

    public boolean mayActFor(String ehrUserId) {
        if (!config.auth().enabled()) {
            return true;
        }
        Set<String> granted = grantedUsers();
        return granted.contains(ALL) || (ehrUserId != null && granted.contains(ehrUserId));
    }

    private Set<String> grantedUsers() {
        if (identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken jwt)) {
            return Set.of();
        }
        Object claim = jwt.getClaim(config.auth().ehrUserClaim());
        if (claim instanceof JsonArray array) {
            return array.stream()
                    .map(v -> v instanceof JsonString s ? s.getString() : v.toString())
                    .collect(Collectors.toSet());
        }
        if (claim instanceof JsonString s) {
            return Set.of(s.getString());
        }
        if (claim instanceof Collection<?> values) {
            return values.stream().map(String::valueOf).collect(Collectors.toSet());
        }
        return claim == null ? Set.of() : Set.of(claim.toString());
    }
}
