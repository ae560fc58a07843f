package org.openhealthexchange.server.http;

import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;
import org.openhealthexchange.server.config.OheConfig;
import org.openhealthexchange.server.coordination.RateDecision;

/**
 * Token-bucket rate limits on {@link RateLimited} endpoints, shared by all replicas through the coordination store.
 * Every limited response carries {@code X-RateLimit-*}; beyond the limit the answer is 429 with {@code Retry-After}.
 * When the coordination store is unreachable, requests pass (availability over strictness) and a warning is logged.
 * Webhook notifications are limited by {@code WebhookResource} itself, after authentication (see {@link RateLimiter}).
 */
public class RateLimitFilters {

    private static final String DECISION = "ohe.rate-limit.decision";

    @Inject
    RateLimiter limiter;

    /** Resolved per request: filters are created at static init, before configuration mappings exist. */
    @Inject
    Instance<OheConfig> config;

    @Inject
    SecurityIdentity identity;

    @ServerRequestFilter(priority = Priorities.AUTHORIZATION + 100)
    public Response limit(
            ContainerRequestContext request, ResourceInfo resource, HttpServerRequest http, RoutingContext routing) {
        RateLimited limited = annotation(resource);
        if (limited == null || !config.get().rateLimit().enabled()) {
            return null;
        }
        var rule = limiter.rule(limited.value());
        var outcome = limiter.consume(limited.value(), scopeValue(rule.scope(), request, http));
        if (outcome.isEmpty()) {
            return null;
        }
        request.setProperty(DECISION, outcome.get().decision());
        return outcome.get().allowed() ? null : outcome.get().tooMany(routing.get(RequestIds.KEY));
    }

    @ServerResponseFilter
    public void headers(ContainerRequestContext request, ContainerResponseContext response) {
        if (request.getProperty(DECISION) instanceof RateDecision d) {
            response.getHeaders().putSingle("X-RateLimit-Limit", d.limit());
            response.getHeaders().putSingle("X-RateLimit-Remaining", d.remaining());
            response.getHeaders().putSingle("X-RateLimit-Reset", d.resetEpochSeconds());
        }
    }

    private String scopeValue(String scope, ContainerRequestContext request, HttpServerRequest http) {
        return switch (scope) {
            case "user" -> {
                if (!identity.isAnonymous()) {
                    yield "principal:" + identity.getPrincipal().getName();
                }
                String user = request.getUriInfo().getQueryParameters().getFirst("ehr_user_id");
                yield user != null ? "ehr:" + user : "ip:" + clientIp(http);
            }
            case "provider" -> {
                String provider = request.getUriInfo().getPathParameters().getFirst("provider");
                yield provider != null ? provider : request.getUriInfo().getPath();
            }
            default -> clientIp(http);
        };
    }

    private static String clientIp(HttpServerRequest http) {
        return RateLimiter.clientIp(http);
    }

    private static RateLimited annotation(ResourceInfo resource) {
        if (resource == null || resource.getResourceMethod() == null) {
            return null;
        }
        RateLimited onMethod = resource.getResourceMethod().getAnnotation(RateLimited.class);
        return onMethod != null ? onMethod : resource.getResourceClass().getAnnotation(RateLimited.class);
    }
}
