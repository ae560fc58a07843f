package org.openhealthexchange.core.spi.credentials;

import java.util.Optional;
import java.util.function.Function;
import org.openhealthexchange.core.spi.OAuthLinking;
import org.openhealthexchange.core.spi.ProviderException;
import org.openhealthexchange.core.spi.TokenGrant;

/**
 * OAuth 2.0 refresh with rotation, through the provider's {@link OAuthLinking}: the refresh token (and the granted
 * scopes, for vendors with several authorization servers) for a new access token and, when the vendor rotates it,
 * a new refresh token.
 */
public final class OAuthRefresher implements CredentialRefresher {

    /** The credential kind of OAuth links (Withings, Fitbit). */
    public static final String KIND = "oauth2";

    private final Function<String, Optional<OAuthLinking>> linkings;

    /** {@code linkings}: the OAuth linking of a provider id, if it has one. */
    public OAuthRefresher(Function<String, Optional<OAuthLinking>> linkings) {
        this.linkings = linkings;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public Credential refresh(String provider, Credential current) throws ProviderException {
        OAuthLinking linking = linkings.apply(provider)
                .orElseThrow(() -> new ProviderException(
                        ProviderException.Kind.REJECTED, null, "no OAuth linking for provider " + provider));
        return of(linking.refresh(current.refreshSecret(), current.scopes()));
    }

    /** A token grant as a credential of this kind. */
    public static Credential of(TokenGrant grant) {
        return new Credential(KIND, grant.accessToken(), grant.refreshToken(), grant.expiresAt(), grant.scopes());
    }
}
