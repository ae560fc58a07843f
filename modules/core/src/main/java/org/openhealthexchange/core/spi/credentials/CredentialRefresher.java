package org.openhealthexchange.core.spi.credentials;

import org.openhealthexchange.core.spi.ProviderException;

/**
 * Trades the refresh secret of a credential of one {@link #kind()} for a new credential at the vendor: OAuth refresh
 * with rotation ({@link OAuthRefresher}), request keys from a refresh key (Sikka), and so on. A provider module
 * contributes one as a bean when its vendor has a kind of its own.
 *
 * <p>A refresher only talks to the vendor: the {@link RefreshingCredentialSource} in front of it makes the refresh
 * single-flight and commits the result before anyone uses it. It throws {@link ProviderException} of kind
 * {@link ProviderException.Kind#GRANT_REVOKED} when the vendor refused for good (the connection is then deactivated
 * with a reason); any other kind is temporary and the connection stays as it is.
 */
public interface CredentialRefresher {

    /** The credential kind it refreshes, e.g. {@code oauth2}; one refresher per kind. */
    String kind();

    /** Returns the new credential of {@code current}'s connection at {@code provider}. */
    Credential refresh(String provider, Credential current) throws ProviderException;
}
