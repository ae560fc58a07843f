package org.openhealthexchange.server.http;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.openhealthexchange.server.config.OheConfig;
import org.openhealthexchange.server.coordination.Coordination;
import org.openhealthexchange.server.coordination.RateDecision;

/**
 * Takes tokens from the rate-limit buckets of {@code ohe.rate-limit.rules}, for {@link RateLimitFilters} and for
 * endpoints that can only decide after looking at the request which bucket a request counts against (webhooks: the
 * provider's bucket once a notification is authentic, the caller's IP bucket when it is not).
 */
@ApplicationScoped
public class RateLimiter {

    private static final Logger LOG = Logger.getLogger(RateLimiter.class);

    private final Coordination coordination;
    private final OheConfig config;

    RateLimiter(Coordination coordination, OheConfig config) {
        this.coordination = coordination;
        this.config = config;
    }

    /** A decision and the rule it was taken under. */
    public record Limited(RateDecision decision, OheConfig.RateLimit.Rule rule) {

        public boolean allowed() {
            return decision.allowed();
        }

        /** Adds {@code X-RateLimit-*} to a response. */
        public Response.ResponseBuilder headers(Response.ResponseBuilder response) {
            return response.header("X-RateLimit-Limit", decision.limit())
                    .header("X-RateLimit-Remaining", decision.remaining())
                    .header("X-RateLimit-Reset", decision.resetEpochSeconds());
        }

        /** The 429 answer: the envelope plus the seed's flat fields, with {@code Retry-After}. */
        public Response tooMany(String requestId) {
            var body = RateLimitExceeded.of(
                    decision.limit(), rule.window().toSeconds(), decision.retryAfterSeconds(), requestId);
            return headers(Response.status(429)
                            .type(MediaType.APPLICATION_JSON_TYPE)
                            .header("Retry-After", decision.retryAfterSeconds()))
                    .entity(body)
                    .build();
        }
    }

    /** The address a request came from (the connection's peer; no forwarding header is trusted). */
    public static String clientIp(io.vertx.core.http.HttpServerRequest http) {
        return http.remoteAddress() == null ? "unknown" : http.remoteAddress().hostAddress();
    }

    /** The rule of a category; throws when it is not configured (a deployment error). */
    public OheConfig.RateLimit.Rule rule(String category) {
        var rule = config.rateLimit().rules().get(category);
        if (rule == null) {
            throw new IllegalStateException("No rate-limit rule configured for category " + category);
        }
        return rule;
    }

    /**
     * Takes one token from the bucket {@code <category>:<scope>:<scopeValue>}. Empty when limits are off or the
     * coordination store is unreachable (the request passes: availability over strictness; a warning is logged).
     */
    public Optional<Limited> consume(String category, String scopeValue) {
        if (!config.rateLimit().enabled()) {
            return Optional.empty();
        }
        var rule = rule(category);
        String key = category + ":" + rule.scope() + ":" + scopeValue;
        try {
            return Optional.of(new Limited(coordination.consume(key, rule.limit(), rule.window()), rule));
        } catch (RuntimeException e) {
            LOG.warnf("Rate limiting skipped, coordination store unavailable: %s", e.getMessage());
            return Optional.empty();
        }
    }
}
