package org.openhealthexchange.server.auth;

import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.openhealthexchange.server.config.OheConfig;
import org.openhealthexchange.server.http.ErrorEnvelope;
import org.openhealthexchange.server.http.RequestIds;

/**
 * Requires a valid bearer token on {@link IntegratorApi} endpoints and answers 401 in the error envelope (with a
 * {@code WWW-Authenticate} challenge) when it is missing, malformed, expired or signed by a key we do not trust.
 */
public class IntegratorAuthFilter {

    /** Resolved per request: filters are created at static init, before configuration mappings exist. */
    @Inject
    Instance<OheConfig> config;

    @Inject
    CurrentIdentityAssociation identities;

    @ServerRequestFilter(priority = Priorities.AUTHENTICATION)
    public Uni<Response> authenticate(ResourceInfo resource, RoutingContext routing) {
        if (!config.get().auth().enabled() || !isIntegratorEndpoint(resource)) {
            return Uni.createFrom().nullItem();
        }
        return identities
                .getDeferredIdentity()
                .map(identity -> identity.isAnonymous() ? unauthorized(routing, "A bearer token is required") : null)
                .onFailure()
                .recoverWithItem(() -> unauthorized(routing, "The bearer token is invalid or expired"));
    }

    private static boolean isIntegratorEndpoint(ResourceInfo resource) {
        return resource != null
                && resource.getResourceMethod() != null
                && (resource.getResourceMethod().isAnnotationPresent(IntegratorApi.class)
                        || resource.getResourceClass().isAnnotationPresent(IntegratorApi.class));
    }

    private static Response unauthorized(RoutingContext routing, String message) {
        return Response.status(401)
                .header("WWW-Authenticate", "Bearer")
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(ErrorEnvelope.of("unauthorized", message, Map.of(), routing.get(RequestIds.KEY)))
                .build();
    }
}
