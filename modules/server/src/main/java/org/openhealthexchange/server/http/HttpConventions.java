package org.openhealthexchange.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
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
        router.route()
                .last()
                .handler(ctx -> reply(
                        ctx,
                        404,
                        "not_found",
                        "No endpoint at " + ctx.request().method() + " " + InputRules.quote(ctx.normalizedPath()),
                        Map.of()));
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
        if (rejectedByLimits(ctx) || rejectedValue(ctx)) {
            return;
        }
        String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        long limit = config.http().maxBodySize();
        if (length != null && exceeds(length, limit)) {
            ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
            reply(
                    ctx,
                    413,
                    "payload_too_large",
                    "Request body exceeds the limit of " + limit + " bytes",
                    Map.of("max_body_size", limit));
            return;
        }
        if (ctx.normalizedPath().startsWith(API_PREFIX)) {
            var version = ApiVersions.requested(ctx.request().getHeader(HttpHeaders.ACCEPT));
            if (version.isPresent() && !config.http().supportedVersions().contains(version.getAsInt())) {
                reply(
                        ctx,
                        406,
                        "not_acceptable",
                        "Unsupported API version in Accept header",
                        Map.of("supported_versions", config.http().supportedVersions()));
                return;
            }
        }
        cutSlowBodies(ctx);
        ctx.next();
    }

    /**
     * 414 and 431 in the envelope. Vert.x's HTTP/1 decoder has higher limits of its own
     * ({@code quarkus.http.limits.max-initial-line-length}, {@code max-header-size}) and answers beyond them
     * without a body, before any route; ours are below them so that a client normally meets ours.
     */
    private boolean rejectedByLimits(RoutingContext ctx) {
        int maxUri = config.http().maxUriLength();
        if (ctx.request().uri().length() > maxUri) {
            ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
            reply(
                    ctx,
                    414,
                    "uri_too_long",
                    "The request URI exceeds the limit of " + maxUri + " characters",
                    Map.of("max_uri_length", maxUri));
            return true;
        }
        long headerBytes = 0;
        for (Map.Entry<String, String> h : ctx.request().headers()) {
            headerBytes += h.getKey().length() + h.getValue().length() + 4;
        }
        int maxHeaders = config.http().maxHeaderSize();
        if (headerBytes > maxHeaders) {
            ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
            reply(
                    ctx,
                    431,
                    "header_fields_too_large",
                    "The request headers exceed the limit of " + maxHeaders + " bytes",
                    Map.of("max_header_size", maxHeaders));
            return true;
        }
        return false;
    }

    /**
     * 400 for a path, query parameter or header value no endpoint may see: malformed percent-encoding, control
     * characters (PostgreSQL refuses NUL in text, so they would otherwise fail deep inside a query), or longer than
     * any column it could be compared with. Runs before every endpoint, so no query ever sees such a value.
     */
    /** RFC 9110 token: the characters a header field name may have. */
    static boolean isToken(String name) {
        if (name == null || name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private boolean rejectedValue(RoutingContext ctx) {
        try {
            // What Quarkus' root handler would check (UriValidationHandOver leaves it to this route).
            new java.net.URI(ctx.request().uri());
        } catch (java.net.URISyntaxException e) {
            reply(
                    ctx,
                    400,
                    "validation_error",
                    "Malformed request URI",
                    Map.of("uri", List.of("Not a valid URI: use percent-encoding for characters outside RFC 3986.")));
            return true;
        }
        for (Map.Entry<String, String> h : ctx.request().headers()) {
            if (!isToken(h.getKey())) {
                // Only reachable because UriValidationHandOver turns Netty's own header check off.
                reply(ctx, 400, "invalid_header", "A header name is not a valid token (RFC 9110)", Map.of());
                return true;
            }
            String value = h.getValue();
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if ((c < 0x20 && c != '\t') || c == 0x7f) {
                    reply(
                            ctx,
                            400,
                            "invalid_header",
                            "Header " + InputRules.quote(h.getKey()) + " contains control characters",
                            Map.of("header", InputRules.quote(h.getKey())));
                    return true;
                }
            }
        }
        String path = ctx.request().path();
        if (path != null) {
            for (String segment : path.split("/", -1)) {
                var decoded = InputRules.decode(segment, false);
                String problem = decoded.isEmpty()
                        ? "Malformed percent-encoding."
                        : InputRules.problem(decoded.get(), InputRules.MAX_SEGMENT_LENGTH)
                                .orElse(null);
                if (problem != null) {
                    reply(
                            ctx,
                            400,
                            "validation_error",
                            "Invalid request path",
                            Map.of("path", List.of("Each path segment: " + problem)));
                    return true;
                }
            }
        }
        String query = ctx.request().query();
        if (query == null || query.isEmpty()) {
            return false;
        }
        int fallback = config.http().maxParameterLength();
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            var name = InputRules.decode(eq < 0 ? pair : pair.substring(0, eq), true);
            var value = eq < 0 ? java.util.Optional.of("") : InputRules.decode(pair.substring(eq + 1), true);
            String field = name.map(InputRules::quote).orElse("query");
            String problem;
            if (name.isEmpty() || value.isEmpty()) {
                problem = "Malformed percent-encoding.";
            } else {
                problem = InputRules.problem(name.get(), InputRules.MAX_SEGMENT_LENGTH)
                        .or(() -> InputRules.problem(value.get(), InputRules.limitFor(name.get(), fallback)))
                        .orElse(null);
            }
            if (problem != null) {
                reply(
                        ctx,
                        400,
                        "validation_error",
                        "Invalid query parameter " + field,
                        Map.of(field, List.of(problem)));
                return true;
            }
        }
        return false;
    }

    /**
     * A body still incomplete {@code ohe.http.body-timeout} after the headers arrived is refused (408) and the
     * connection closed, so that a client trickling a body cannot hold a connection and a buffer for ever.
     */
    private void cutSlowBodies(RoutingContext ctx) {
        if (ctx.request().isEnded()) {
            return;
        }
        long timer = ctx.vertx()
                .setTimer(Math.max(1, config.http().bodyTimeout().toMillis()), id -> {
                    if (ctx.request().isEnded() || ctx.response().ended()) {
                        return;
                    }
                    LOG.debugf(
                            "Closing a connection whose request body did not arrive within %s",
                            config.http().bodyTimeout());
                    if (!ctx.response().headWritten()) {
                        ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
                        reply(
                                ctx,
                                408,
                                "request_timeout",
                                "The request body did not arrive within "
                                        + config.http().bodyTimeout().toSeconds() + " s",
                                Map.of());
                    }
                    ctx.request().connection().close();
                });
        ctx.addEndHandler(done -> ctx.vertx().cancelTimer(timer));
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
            LOG.errorf(
                    "Unhandled failure on %s %s: %s",
                    ctx.request().method(),
                    ctx.normalizedPath(),
                    ctx.failure() == null ? "no exception" : ErrorMappers.withoutMessages(ctx.failure()));
        }
        String message = status >= 500 ? "An unexpected error occurred" : "Request failed";
        if (status == 413) {
            message = "Request body exceeds the limit of " + config.http().maxBodySize() + " bytes";
        } else if (status == 400) {
            message = "The request could not be read";
        }
        reply(ctx, status, ErrorEnvelope.codeFor(status), message, Map.of());
    }

    private void reply(RoutingContext ctx, int status, String error, String message, Map<String, Object> details) {
        if (ctx.response().ended() || ctx.response().headWritten()) {
            return;
        }
        String requestId = ctx.get(RequestIds.KEY);
        if (requestId == null) {
            // a request Vert.x Web failed before any route ran (e.g. a request target that is no path)
            requestId = RequestIds.generate();
            ctx.put(RequestIds.KEY, requestId);
            ctx.response().putHeader(RequestIds.HEADER, requestId);
        }
        String body;
        try {
            body = mapper.writeValueAsString(ErrorEnvelope.of(error, message, details, requestId));
        } catch (JsonProcessingException e) {
            body = "{\"error\":\"internal_error\"}";
        }
        boolean close = "close".equalsIgnoreCase(ctx.response().headers().get(HttpHeaders.CONNECTION));
        ctx.response()
                .setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(body)
                .onComplete(done -> {
                    if (close && !ctx.request().isEnded()) {
                        // the rest of the request (e.g. a body over the limit) is not read: drop the connection
                        ctx.request().connection().close();
                    }
                });
    }
}
