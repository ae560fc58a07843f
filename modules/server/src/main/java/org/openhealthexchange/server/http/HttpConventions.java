package org.openhealthexchange.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;
import org.openhealthexchange.server.config.OheConfig;

/**
 * The conventions every request meets before it reaches an endpoint, installed on the Vert.x router so that they
 * hold for unknown routes and non-REST paths too: the request id, the body-size limit, API version negotiation,
 * and the error envelope for whatever no endpoint answered (404) or failed below JAX-RS.
 */
@ApplicationScoped
public class HttpConventions {

    private static final Logger LOG = Logger.getLogger(HttpConventions.class);
    private static final String API_PREFIX = "/api/";

    private final OheConfig config;
    private final ObjectMapper mapper;

    HttpConventions(OheConfig config, ObjectMapper mapper) {
        this.config = config;
        this.mapper = mapper;
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE + 10).handler(this::beforeEndpoint);
        router.route().order(Integer.MIN_VALUE + 10).failureHandler(this::onFailure);
        router.route().last().handler(ctx -> reply(ctx, 404, "not_found",
                "No endpoint at " + ctx.request().method() + " " + ctx.normalizedPath(), Map.of()));
    }

    private void beforeEndpoint(RoutingContext ctx) {
        String sent = ctx.request().getHeader(RequestIds.HEADER);
        boolean acceptable = sent == null || RequestIds.isValid(sent);
        String requestId = sent != null && acceptable ? sent : RequestIds.generate();
        ctx.put(RequestIds.KEY, requestId);
        MDC.put(RequestIds.KEY, requestId);
        ctx.response().putHeader(RequestIds.HEADER, requestId);
        if (!acceptable) {
            reply(ctx, 400, "invalid_request_id", "X-Request-ID must be 1 to 128 printable ASCII characters", Map.of());
            return;
        }
        String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        long limit = config.http().maxBodySize();
        if (length != null && exceeds(length, limit)) {
            ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
            reply(ctx, 413, "payload_too_large", "Request body exceeds the limit of " + limit + " bytes",
                    Map.of("max_body_size", limit));
            return;
        }
        if (ctx.normalizedPath().startsWith(API_PREFIX)) {
            var version = ApiVersions.requested(ctx.request().getHeader(HttpHeaders.ACCEPT));
            if (version.isPresent() && !config.http().supportedVersions().contains(version.getAsInt())) {
                reply(ctx, 406, "not_acceptable", "Unsupported API version in Accept header",
                        Map.of("supported_versions", config.http().supportedVersions()));
                return;
            }
        }
        ctx.next();
    }

    private static boolean exceeds(String contentLength, long limit) {
        try {
            return Long.parseLong(contentLength.trim()) > limit;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private void onFailure(RoutingContext ctx) {
        int status = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
        if (status >= 500) {
            LOG.errorf("Unhandled failure on %s %s: %s", ctx.request().method(), ctx.normalizedPath(),
                    ctx.failure() == null ? "no exception" : ErrorMappers.withoutMessages(ctx.failure()));
        }
        String message = status >= 500 ? "An unexpected error occurred" : "Request failed";
        if (status == 413) {
            message = "Request body exceeds the limit of " + config.http().maxBodySize() + " bytes";
        }
        reply(ctx, status, ErrorEnvelope.codeFor(status), message, Map.of());
    }

    private void reply(RoutingContext ctx, int status, String error, String message, Map<String, Object> details) {
        if (ctx.response().ended() || ctx.response().headWritten()) {
            return;
        }
        String requestId = ctx.get(RequestIds.KEY);
        String body;
        try {
            body = mapper.writeValueAsString(ErrorEnvelope.of(error, message, details, requestId));
        } catch (JsonProcessingException e) {
            body = "{\"error\":\"internal_error\"}";
        }
        ctx.response().setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(body);
    }
}
