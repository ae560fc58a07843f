package org.openhealthexchange.server.auth;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Marks endpoints for EHR integrators: they need a valid OIDC bearer token (unless auth is off, local profile). */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface IntegratorApi {
    /**
     * The OpenAPI security scheme of these endpoints: put {@code @SecurityRequirement(name = SECURITY_SCHEME)} beside
     * every {@code @IntegratorApi} (OpenApiContractIT checks that they match).
     */
    String SECURITY_SCHEME = "bearer";
}
