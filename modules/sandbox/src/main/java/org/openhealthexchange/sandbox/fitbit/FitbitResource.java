package org.openhealthexchange.sandbox.fitbit;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.openhealthexchange.sandbox.SandboxRequests;

/**
 * The legacy Fitbit Web API simulator on Fitbit's own paths under {@code /sandbox/fitbit} ({@code oauth2/…},
 * {@code 1/user/{user}/….json}, {@code 1.2/user/{user}/sleep/….json}), plus its control endpoints
 * ({@code subscriber/verify}, {@code users/{ownerId}/notify}, {@code faults}, {@code reset}).
 */
@Path("/sandbox/fitbit")
@Blocking
public class FitbitResource {

    private static final String DATA = "{version: 1|1\\.2}/user/{user}/{resource: .+}.json";

    @Inject
    FitbitSimulator simulator;

    @GET
    @Path("oauth2/authorize")
    public Response authorize(@Context UriInfo uri) {
        return toResponse(simulator.authorize(SandboxRequests.query(uri)));
    }

    @POST
    @Path("oauth2/token")
    public Response token(@Context HttpHeaders headers, String body) {
        return toResponse(
                simulator.token(headers.getHeaderString(HttpHeaders.AUTHORIZATION), FitbitSimulator.form(body)));
    }

    @POST
    @Path("oauth2/revoke")
    public Response revoke(@Context HttpHeaders headers, String body) {
        return toResponse(
                simulator.revoke(headers.getHeaderString(HttpHeaders.AUTHORIZATION), FitbitSimulator.form(body)));
    }

    @GET
    @Path(DATA)
    public Response get(
            @PathParam("version") String version,
            @PathParam("user") String user,
            @PathParam("resource") String resource,
            @Context HttpHeaders headers) {
        return api("GET", version, user, resource, headers);
    }

    @POST
    @Path(DATA)
    public Response post(
            @PathParam("version") String version,
            @PathParam("user") String user,
            @PathParam("resource") String resource,
            @Context HttpHeaders headers) {
        return api("POST", version, user, resource, headers);
    }

    @DELETE
    @Path(DATA)
    public Response delete(
            @PathParam("version") String version,
            @PathParam("user") String user,
            @PathParam("resource") String resource,
            @Context HttpHeaders headers) {
        return api("DELETE", version, user, resource, headers);
    }

    private Response api(String method, String version, String user, String resource, HttpHeaders headers) {
        Map<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.getRequestHeaders().forEach((name, values) -> {
            if (!values.isEmpty()) {
                h.put(name, values.get(0));
            }
        });
        return toResponse(simulator.api(
                method, user, version + "/" + resource, headers.getHeaderString(HttpHeaders.AUTHORIZATION), h));
    }

    /** Control: verify a subscriber endpoint, {@code {"endpointUri", "verificationCode"?}}. */
    @POST
    @Path("subscriber/verify")
    public Response verifySubscriber(String body) {
        return withObject(body, simulator::verifySubscriber);
    }

    /** Control: send a signed notification, {@code {"endpointUri"?, "collectionType", "date"?}}. */
    @POST
    @Path("users/{ownerId}/notify")
    public Response notify(@PathParam("ownerId") String ownerId, String body) {
        return withObject(body, json -> simulator.notify(ownerId, json));
    }

    /** Control: arm a fault, {@code {"httpStatus", "count"?}}. */
    @POST
    @Path("faults")
    public Response armFault(String body) {
        return withObject(body, simulator::armFault);
    }

    @DELETE
    @Path("faults")
    public Response clearFaults() {
        return toResponse(simulator.clearFaults());
    }

    /** Control: forget all tokens, subscriptions, counters, faults and the verified endpoint. */
    @POST
    @Path("reset")
    public Response reset() {
        return toResponse(simulator.reset());
    }

    /** Runs a control action on a JSON object body; any other body is a 400 in Fitbit's error format. */
    private static Response withObject(String body, Function<JsonNode, FitbitReply> action) {
        JsonNode json = SandboxRequests.parseObject(body);
        return toResponse(
                json == null
                        ? FitbitReply.error(400, "validation", "the body must be a JSON object")
                        : action.apply(json));
    }

    private static Response toResponse(FitbitReply reply) {
        Response.ResponseBuilder builder = Response.status(reply.status());
        reply.headers().forEach(builder::header);
        if (reply.body() != null) {
            builder.type(MediaType.APPLICATION_JSON).entity(reply.body().toString());
        }
        return builder.build();
    }
}
