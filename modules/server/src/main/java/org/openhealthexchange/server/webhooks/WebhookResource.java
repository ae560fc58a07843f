package org.openhealthexchange.server.webhooks;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openhealthexchange.core.spi.InboundRequest;
import org.openhealthexchange.core.spi.MalformedNotificationException;
import org.openhealthexchange.core.spi.NotificationReceiver;
import org.openhealthexchange.core.spi.SyncRequest;
import org.openhealthexchange.server.http.ApiException;
import org.openhealthexchange.server.http.ErrorEnvelope;
import org.openhealthexchange.server.http.InputRules;
import org.openhealthexchange.server.http.RateLimited;
import org.openhealthexchange.server.http.RateLimiter;
import org.openhealthexchange.server.http.RequestIds;
import org.openhealthexchange.server.linking.LinkingProviders;

/**
 * {@code /webhooks/<provider>/} for every adapter with a {@link NotificationReceiver}: handshakes, then verify →
 * parse → inbox → 202. Nothing is stored unless the request is authentic and well-formed.
 *
 * <p>Rate limits: only an authenticated notification takes a token from its provider's bucket (rule
 * {@code webhook}), so forged calls cannot spend the budget of genuine ones. Whatever is not proven authentic (a
 * failed verification, a handshake, an unknown provider) takes a token from the caller's IP bucket (rule
 * {@code webhook-unauthenticated}); beyond it the answer is 429 before anything else is looked at.
 */
@Path("/webhooks")
public class WebhookResource {

    /** Rate-limit rule of authenticated notifications, one bucket per provider. */
    static final String AUTHENTICATED = "webhook";
    /** Rate-limit rule of everything not proven authentic, one bucket per client IP. */
    static final String UNAUTHENTICATED = "webhook-unauthenticated";

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(WebhookResource.class);

    private final LinkingProviders providers;
    private final WebhookInbox inbox;
    private final WebhookStats stats;
    private final WebhookHealth health;
    private final RateLimiter limiter;

    WebhookResource(
            LinkingProviders providers,
            WebhookInbox inbox,
            WebhookStats stats,
            WebhookHealth health,
            RateLimiter limiter) {
        this.providers = providers;
        this.inbox = inbox;
        this.stats = stats;
        this.health = health;
        this.limiter = limiter;
    }

    /** {@code /webhooks/health/} in the seed's shape (a literal path, so it wins over {@code {provider}}). */
    @GET
    @Path("health")
    @Produces(MediaType.APPLICATION_JSON)
    public Response health() {
        return health.health();
    }

    /** {@code /webhooks/metrics/} in the seed's shape. */
    @GET
    @Path("metrics")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> metrics() {
        return stats.document();
    }

    /** Handshakes are unauthenticated: they count against the caller's IP bucket. */
    @HEAD
    @Path("{provider}")
    @RateLimited(UNAUTHENTICATED)
    public Response head(@PathParam("provider") String provider, @Context HttpHeaders headers, @Context UriInfo uri) {
        return handshake(provider, "HEAD", headers, uri);
    }

    @GET
    @Path("{provider}")
    @RateLimited(UNAUTHENTICATED)
    public Response get(@PathParam("provider") String provider, @Context HttpHeaders headers, @Context UriInfo uri) {
        return handshake(provider, "GET", headers, uri);
    }

    /** Limited in the method, not by {@link RateLimited}: which bucket counts depends on the verification. */
    @POST
    @Path("{provider}")
    public Response notify(
            @PathParam("provider") String provider,
            byte[] body,
            @Context HttpHeaders headers,
            @Context UriInfo uri,
            @Context HttpServerRequest http,
            @Context RoutingContext routing) {
        long start = System.nanoTime();
        var receiverFound = providers.receiver(provider);
        if (receiverFound.isEmpty()) {
            var refused = unauthenticated(http, routing);
            if (refused != null) {
                return refused;
            }
            throw ApiException.notFound("No webhook endpoint for provider '" + InputRules.quote(provider) + "'");
        }
        NotificationReceiver receiver = receiverFound.get();
        InboundRequest request = inbound("POST", headers, uri, body);
        // Handshakes that arrive as POST (e.g. a subscriber verification) are answered before authentication.
        var reply = receiver.handshake(request);
        if (reply.isPresent()) {
            var refused = unauthenticated(http, routing);
            if (refused != null) {
                return refused;
            }
            return answer(reply.get());
        }
        if (!receiver.verify(request)) {
            stats.record(provider, "rejected", start);
            var refused = unauthenticated(http, routing);
            if (refused != null) {
                return refused;
            }
            LOG.warnf("Rejected an unauthenticated %s notification", provider);
            throw new ApiException(
                    receiver.rejectionStatus(request),
                    "invalid_signature",
                    "The notification could not be authenticated");
        }
        // Authentic: only now does the request count against the provider's budget.
        var limited = limiter.consume(AUTHENTICATED, provider);
        if (limited.isPresent() && !limited.get().allowed()) {
            stats.record(provider, "rate_limited", start);
            return limited.get().tooMany(routing.get(RequestIds.KEY));
        }
        List<SyncRequest> parsed;
        try {
            parsed = receiver.parse(request);
        } catch (MalformedNotificationException e) {
            stats.record(provider, "malformed", start);
            throw new ApiException(400, "malformed_notification", e.getMessage());
        }
        String contentType = headers.getHeaderString(HttpHeaders.CONTENT_TYPE);
        String invalid = storable(parsed, contentType);
        if (invalid != null) {
            stats.record(provider, "malformed", start);
            throw new ApiException(400, "malformed_notification", invalid);
        }
        int queued = 0;
        try {
            for (SyncRequest r : parsed) {
                queued += inbox.accept(r, contentType, body) ? 1 : 0;
            }
        } catch (IllegalStateException e) {
            // Not stored (the database is down): not acknowledged, so the vendor delivers it again.
            stats.record(provider, "unavailable", start);
            throw new ApiException(
                    503, "service_unavailable", "The notification could not be stored; deliver it again later");
        }
        stats.record(provider, queued > 0 ? "accepted" : "duplicate", start);
        stats.queued(provider, queued);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("status", "accepted");
        answer.put("provider", provider);
        answer.put("sync_tasks_queued", queued);
        answer.put("timestamp", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        var accepted = Response.accepted(answer).type(MediaType.APPLICATION_JSON_TYPE);
        return (limited.isPresent() ? limited.get().headers(accepted) : accepted).build();
    }

    /** Takes a token from the caller's IP bucket; the 429 answer when it is empty, else null. */
    private Response unauthenticated(HttpServerRequest http, RoutingContext routing) {
        var limited = limiter.consume(UNAUTHENTICATED, RateLimiter.clientIp(http));
        return limited.isPresent() && !limited.get().allowed()
                ? limited.get().tooMany(routing.get(RequestIds.KEY))
                : null;
    }

    /**
     * Why the parsed notification cannot be stored, if it cannot: the values go into webhook_event columns
     * (external_user_id VARCHAR(128), dedup_key VARCHAR(255), content_type VARCHAR(128)), and PostgreSQL refuses NUL.
     */
    static String storable(List<SyncRequest> parsed, String contentType) {
        if (InputRules.problem(contentType, 128).isPresent()) {
            return "The Content-Type is not one a notification has";
        }
        for (SyncRequest r : parsed) {
            if (InputRules.problem(r.externalUserId(), 128).isPresent()) {
                return "The user id of the notification is not a valid id";
            }
            if (InputRules.problem(r.dedupKey(), 255).isPresent()) {
                return "The notification's identifying fields are too long or contain control characters";
            }
        }
        return null;
    }

    private Response handshake(String provider, String method, HttpHeaders headers, UriInfo uri) {
        var reply = receiver(provider).handshake(inbound(method, headers, uri, null));
        if (reply.isEmpty()) {
            throw new ApiException(405, "method_not_allowed", method + " is only a verification handshake here");
        }
        return answer(reply.get());
    }

    /** A handshake's answer; a refusal (e.g. a wrong verification code) in the error envelope. */
    private static Response answer(org.openhealthexchange.core.spi.WebhookReply r) {
        if (r.status() >= 400) {
            throw new ApiException(
                    r.status(),
                    r.status() == 401 ? "unauthorized" : ErrorEnvelope.codeFor(r.status()),
                    "The verification request was refused");
        }
        return Response.status(r.status())
                .type(r.contentType())
                .entity(r.body())
                .build();
    }

    private NotificationReceiver receiver(String provider) {
        return providers
                .receiver(provider)
                .orElseThrow(() ->
                        ApiException.notFound("No webhook endpoint for provider '" + InputRules.quote(provider) + "'"));
    }

    private static InboundRequest inbound(String method, HttpHeaders headers, UriInfo uri, byte[] body) {
        return new InboundRequest(method, headers.getRequestHeaders(), uri.getQueryParameters(), body);
    }
}
