package org.openhealthexchange.core.spi;

/** Hands an adapter the current access token of a link, and a fresh one after the vendor rejected it. */
public interface AccessTokenSource {

    /** The access token to use now (refreshed first when it is about to expire). */
    String current() throws ProviderException;

    /**
     * Called once when the vendor answered "invalid token" for {@code rejected}; returns a new token
     * (single-flight across replicas) or throws when the grant is gone.
     */
    String refreshAfterRejection(String rejected) throws ProviderException;
}
