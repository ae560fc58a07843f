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
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;
import org.openhealthexchange.server.config.OheConfig;
import org.openhealthexchange.server.coordination.Coordination;
import org.openhealthexchange.server.coordination.RateDecision;

/**
 * Token-bucket rate limits on {@link RateLimited} endpoints, shared by all replicas through {@link Coordination}.
 * Every limited response carries {@code X-RateLimit-*}; beyond the limit the answer is 429 with {@code Retry-After}.
 * When the coordination store is unreachable, requests pass (availability over strictness) and a warning is logged.
 */
public class RateLimitFilters {

    private static final Logger LOG = Logger.getLogger(RateLimitFilters.class);
    private static final String DECISION = "ohe.rate-limit.decision";

    @Inject
    Coordination coordination;

    /** Resolved per request: filters are created at static init, before configuration mappings exist. */
    @Inject
    Instance<OheConfig> config;

    @Inject
    SecurityIdentity identity;

    @ServerRequestFilter(priority = Priorities.AUTHORIZATION + 100)
    public Response limit(ContainerRequestContext request, ResourceInfo resource, HttpServerRequest http,
            RoutingContext routing) {
        RateLimited limited = annotation(resource);
        if (limited == null || !config.get().rateLimit().enabled()) {
            return null;
        }
        var rule = config.get().rateLimit().rules().get(limited.value());
        if (rule == null) {
            throw new IllegalStateException("No rate-limit rule configured for category " + limited.value());
        }
        String key = limited.value() + ":" + rule.scope() + ":" + scopeValue(rule.scope(), request, http);
        RateDecision decision;
        try {
            decision = coordination.consume(key, rule.limit(), rule.window());
        } catch (RuntimeException e) {
            LOG.warnf("Rate limiting skipped, coordination store unavailable: %s", e.getMessage());
            return null;
        }
        request.setProperty(DECISION, decision);
        if (decision.allowed()) {
            return null;
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("limit", decision.limit());
        details.put("window_seconds", rule.window().toSeconds());
        details.put("retry_after", decision.retryAfterSeconds());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", "rate_limit_exceeded");
        body.put("message", "Rate limit exceeded");
        body.put("details", details);
        body.put("timestamp", ErrorEnvelope.now());
        body.put("request_id", routing.get(RequestIds.KEY));
        body.putAll(details); // the seed's flat fields, for clients written against it
        return Response.status(429).type(MediaType.APPLICATION_JSON_TYPE)
                .header("Retry-After", decision.retryAfterSeconds())
                .entity(body).build();
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
        return http.remoteAddress() == null ? "unknown" : http.remoteAddress().hostAddress();
    }

    private static RateLimited annotation(ResourceInfo resource) {
        if (resource == null || resource.getResourceMethod() == null) {
            return null;
        }
        RateLimited onMethod = resource.getResourceMethod().getAnnotation(RateLimited.class);
        return onMethod != null ? onMethod : resource.getResourceClass().getAnnotation(RateLimited.class);
    }
}
