package org.openhealthexchange.core.spi;

import java.net.URI;

/** The OAuth 2.0 authorization-code flow by which an end user links a vendor account (Withings, Fitbit). */
public interface OAuthLinking {

    /** The provider id this linking belongs to. */
    String providerId();

    /** Whether the vendor flow uses PKCE; when true the server passes an S256 challenge. */
    boolean usesPkce();

    /** The vendor's authorize URL for this request. */
    URI authorizationUrl(AuthorizationRequest request);

    /** Exchanges an authorization code for tokens. */
    TokenGrant exchange(String code, String redirectUri, String codeVerifier) throws ProviderException;

    /** Exchanges a refresh token for a new grant; the returned refresh token replaces the old one. */
    TokenGrant refresh(String refreshToken) throws ProviderException;

    /**
     * The same, knowing the scopes of the grant being refreshed (a vendor with several OAuth servers picks the one
     * that issued it). By default the scopes do not matter.
     */
    default TokenGrant refresh(String refreshToken, java.util.Set<String> grantedScopes) throws ProviderException {
        return refresh(refreshToken);
    }

    /** Revokes the grant at the vendor (and any notification subscription bound to it). */
    void revoke(TokenGrant grant) throws ProviderException;
}
