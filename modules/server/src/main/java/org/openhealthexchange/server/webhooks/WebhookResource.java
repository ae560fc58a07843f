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
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.openhealthexchange.core.spi.InboundRequest;
import org.openhealthexchange.core.spi.MalformedNotificationException;
import org.openhealthexchange.core.spi.NotificationReceiver;
import org.openhealthexchange.core.spi.SyncRequest;
import org.openhealthexchange.server.http.ApiException;
import org.openhealthexchange.server.http.ErrorEnvelope;
import org.openhealthexchange.server.http.InputRules;
import org.openhealthexchange.server.http.RateLimitExceeded;
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
@Tag(name = "Webhooks", description = "Vendor notifications and handshakes (public: authenticated per vendor)")
public class WebhookResource {

    private static final String ACCEPTED =
            """
            {"status": "accepted", "provider": "withings", "sync_tasks_queued": 1, "timestamp": "2023-12-07T10:30:00Z"}""";
    private static final String WITHINGS_NOTIFICATION =
            """
            {"userid": 12345, "appli": 4, "callbackurl": "https://api.open-health-exchange.org/webhooks/withings/",
             "comment": "user", "startdate": 1701942000, "enddate": 1701942600}""";
    private static final String FITBIT_NOTIFICATION =
            """
            [{"collectionType": "activities", "date": "2023-12-07", "ownerId": "ABC123", "ownerType": "user",
              "subscriptionId": "1"}]""";
    private static final String HEALTH =
            """
            {"status": "healthy", "timestamp": "2023-12-07T10:30:00Z",
             "services": {"database": "healthy", "redis": "healthy", "task_queue": "healthy"}, "version": "2.0.0"}""";
    private static final String UNHEALTHY =
            """
            {"status": "unhealthy", "timestamp": "2023-12-07T10:30:00Z", "error": "Redis connection failed",
             "services": {"database": "healthy", "redis": "unhealthy", "task_queue": "healthy"}, "version": "2.0.0"}""";
    private static final String METRICS =
            """
            {"webhook_metrics": {"total_requests": 1543, "successful_requests": 1521, "failed_requests": 22,
                                 "average_response_time_ms": 45.2},
             "endpoints": {"withings": {"requests": 892, "success_rate": 98.4, "avg_response_time_ms": 42.1},
                           "fitbit": {"requests": 651, "success_rate": 96.7, "avg_response_time_ms": 49.3}},
             "provider_notifications": {"withings": 892, "fitbit": 651},
             "sync_tasks_queued": 1543, "last_updated": "2023-12-07T10:30:00Z"}""";

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
    @Operation(operationId = "getWebhookHealth", summary = "The webhook pipeline's dependencies")
    @APIResponse(
            responseCode = "200",
            description = "Healthy",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = WebhookApi.WebhookHealthReport.class),
                            examples = @ExampleObject(name = "healthy", value = HEALTH)))
    @APIResponse(
            responseCode = "503",
            description = "A dependency failed; error names it",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = WebhookApi.WebhookHealthReport.class),
                            examples = @ExampleObject(name = "redis down", value = UNHEALTHY)))
    public Response health() {
        return health.health();
    }

    /** {@code /webhooks/metrics/} in the seed's shape. */
    @GET
    @Path("metrics")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "getWebhookMetrics", summary = "This node's webhook traffic")
    @APIResponse(
            responseCode = "200",
            description = "Requests, success rates and latency per provider",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = WebhookApi.WebhookMetrics.class),
                            examples = @ExampleObject(name = "traffic", value = METRICS)))
    public WebhookApi.WebhookMetrics metrics() {
        return stats.document();
    }

    /** Handshakes are unauthenticated: they count against the caller's IP bucket. */
    @HEAD
    @Path("{provider}")
    @RateLimited(UNAUTHENTICATED)
    @Operation(operationId = "checkWebhook", summary = "The callback check a vendor makes at subscribe time")
    @APIResponse(responseCode = "200", description = "The endpoint exists")
    @APIResponse(responseCode = "404", description = "No webhook for this provider", ref = "NotFound")
    @APIResponse(
            responseCode = "405",
            description = "This provider has no HEAD handshake (method_not_allowed)",
            ref = "MethodNotAllowed")
    @APIResponse(
            responseCode = "429",
            description = "Rate limit exceeded (Retry-After, X-RateLimit-* headers)",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = RateLimitExceeded.class)))
    public Response head(@PathParam("provider") String provider, @Context HttpHeaders headers, @Context UriInfo uri) {
        return handshake(provider, "HEAD", headers, uri);
    }

    @GET
    @Path("{provider}")
    @RateLimited(UNAUTHENTICATED)
    @Operation(
            operationId = "verifyWebhook",
            summary = "A verification handshake: Withings ?challenge= (echoed), Fitbit ?verify= (204)")
    @APIResponse(
            responseCode = "200",
            description = "The challenge, echoed",
            content = @Content(mediaType = MediaType.TEXT_PLAIN, schema = @Schema(type = SchemaType.STRING)))
    @APIResponse(responseCode = "204", description = "The verification code is the configured one")
    @APIResponse(
            responseCode = "404",
            description = "No webhook for this provider, or a wrong verification code",
            ref = "NotFound")
    @APIResponse(
            responseCode = "405",
            description = "No GET handshake for this provider (method_not_allowed)",
            ref = "MethodNotAllowed")
    @APIResponse(
            responseCode = "429",
            description = "Rate limit exceeded (Retry-After, X-RateLimit-* headers)",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = RateLimitExceeded.class)))
    public Response get(@PathParam("provider") String provider, @Context HttpHeaders headers, @Context UriInfo uri) {
        return handshake(provider, "GET", headers, uri);
    }

    /** Limited in the method, not by {@link RateLimited}: which bucket counts depends on the verification. */
    @POST
    @Path("{provider}")
    @Operation(
            operationId = "receiveNotification",
            summary = "A vendor's notification: verified, stored durably, then acknowledged",
            description = "Each vendor authenticates its own way (a callback token, a signature, an Authorization"
                    + " secret); nothing is stored unless the request is authentic and well-formed.")
    @APIResponse(
            responseCode = "202",
            description = "Stored; a repeated delivery answers sync_tasks_queued 0",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = WebhookApi.WebhookAccepted.class),
                            examples = @ExampleObject(name = "accepted", value = ACCEPTED)))
    @APIResponse(responseCode = "201", description = "A subscriber verification was accepted (Google Health API)")
    @APIResponse(
            responseCode = "400",
            description = "malformed_notification (or an input limit: validation_error); nothing stored",
            ref = "BadRequest")
    @APIResponse(
            responseCode = "401",
            description = "invalid_signature / unauthorized: the request is not authentic; nothing stored",
            ref = "Unauthorized")
    @APIResponse(
            responseCode = "404",
            description = "No webhook for this provider, or a Fitbit notification with a wrong signature",
            ref = "NotFound")
    @APIResponse(
            responseCode = "503",
            description = "The notification could not be stored; the vendor delivers it again",
            ref = "ServiceUnavailable")
    @APIResponse(
            responseCode = "429",
            description = "Rate limit exceeded (Retry-After, X-RateLimit-* headers)",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = RateLimitExceeded.class)))
    public Response notify(
            @PathParam("provider") String provider,
            @RequestBody(
                            required = true,
                            content = {
                                @Content(
                                        mediaType = MediaType.APPLICATION_JSON,
                                        schema =
                                                @Schema(description = "The vendor's own format: an object or an array"),
                                        examples = {
                                            @ExampleObject(name = "withings", value = WITHINGS_NOTIFICATION),
                                            @ExampleObject(name = "fitbit", value = FITBIT_NOTIFICATION)
                                        }),
                                @Content(
                                        mediaType = MediaType.APPLICATION_FORM_URLENCODED,
                                        schema = @Schema(type = SchemaType.OBJECT))
                            })
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
        var answer = new WebhookApi.WebhookAccepted(
                "accepted",
                provider,
                queued,
                Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
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
