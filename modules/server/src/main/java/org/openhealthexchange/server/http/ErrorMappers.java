package org.openhealthexchange.server.http;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Turns every exception that leaves an endpoint into the error envelope; 500s say nothing of their cause. */
public class ErrorMappers {

    private static final Logger LOG = Logger.getLogger(ErrorMappers.class);

    @ServerExceptionMapper
    public Response api(ApiException e, RoutingContext ctx) {
        return envelope(ctx, e.status(), e.error(), e.getMessage(), e.details());
    }

    @ServerExceptionMapper
    public Response malformedJson(JsonProcessingException e, RoutingContext ctx) {
        return envelope(ctx, 400, "malformed_json", "Request body is not valid JSON of the expected shape", Map.of());
    }

    /** Takes precedence over Quarkus' built-in mapper of the same type, which answers in another shape. */
    @ServerExceptionMapper
    public Response unparsableJson(JsonParseException e, RoutingContext ctx) {
        return malformedJson(e, ctx);
    }

    /** Takes precedence over Quarkus' built-in mapper of the same type, which answers in another shape. */
    @ServerExceptionMapper
    public Response mismatchedJson(MismatchedInputException e, RoutingContext ctx) {
        return malformedJson(e, ctx);
    }

    /** The body stream broke off (client gone, or cut at the size limit): nothing was processed. */
    @ServerExceptionMapper
    public Response unreadableBody(java.io.IOException e, RoutingContext ctx) {
        LOG.debugf("Request body could not be read: %s", e.getClass().getName());
        return envelope(ctx, 400, "bad_request", "The request body could not be read", Map.of());
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, RoutingContext ctx) {
        int status = e.getResponse().getStatus();
        if (e.getCause() instanceof JsonProcessingException json) {
            return malformedJson(json, ctx);
        }
        String message =
                switch (status) {
                    case 404 -> "No endpoint at " + ctx.request().method() + " "
                            + InputRules.quote(ctx.normalizedPath());
                    case 405 -> "Method " + ctx.request().method() + " is not allowed on "
                            + InputRules.quote(ctx.normalizedPath());
                    case 406 -> "Cannot produce a representation the Accept header allows";
                    case 415 -> "Unsupported Content-Type";
                    default -> status >= 500 ? "An unexpected error occurred" : "Request failed";
                };
        if (status >= 500) {
            LOG.errorf("Request failed with %d: %s", status, withoutMessages(e));
        }
        return envelope(ctx, status, ErrorEnvelope.codeFor(status), message, Map.of());
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e, RoutingContext ctx) {
        LOG.errorf("Unexpected failure on %s %s: %s", ctx.request().method(), ctx.normalizedPath(), withoutMessages(e));
        return envelope(ctx, 500, "internal_error", "An unexpected error occurred", Map.of());
    }

    /**
     * The exception chain as types and frames only: messages can carry patient data (a name in a vendor error),
     * which must not reach the logs.
     */
    static String withoutMessages(Throwable e) {
        StringBuilder sb = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            sb.append(t == e ? "" : " <- caused by ").append(t.getClass().getName());
            StackTraceElement[] frames = t.getStackTrace();
            for (int i = 0; i < Math.min(frames.length, 8); i++) {
                sb.append("\n\tat ").append(frames[i]);
            }
        }
        return sb.toString();
    }

    static Response envelope(
            RoutingContext ctx, int status, String error, String message, Map<String, Object> details) {
        String requestId = ctx == null ? null : ctx.get(RequestIds.KEY);
        return Response.status(status)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(ErrorEnvelope.of(error, message, details, requestId))
                .build();
    }
}
