package org.openhealthexchange.core.spi;

import java.util.Objects;

/** The parameters of one authorize redirect: the single-use state, our callback and the PKCE challenge (or null). */
public record AuthorizationRequest(String state, String redirectUri, String codeChallenge) {

    public AuthorizationRequest {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(redirectUri, "redirectUri");
    }
}
