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

    /**
     * The scopes the user granted when linking (as the vendor reported them), for adapters whose behaviour depends on
     * the grant (which API generation issued it, which data types it covers). Empty when unknown.
     */
    default java.util.Set<String> grantedScopes() {
        return java.util.Set.of();
    }
}
