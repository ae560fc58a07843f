package org.openhealthexchange.sandbox.withings;

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
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.openhealthexchange.sandbox.SandboxRequests;

/**
 * The Withings simulator on Withings' own paths under {@code /sandbox/withings}: the authorize page, the token
 * endpoint and the data services (parameters from the form body or the query string, token from
 * {@code Authorization: Bearer} or {@code access_token}), plus the sandbox's control endpoints.
 */
@Path("/sandbox/withings")
@Blocking
public class WithingsResource {

    private static final String SERVICES = "measure|notify|v2/measure|v2/heart|v2/sleep|v2/user";

    @Inject
    WithingsSimulator simulator;

    @GET
    @Path("oauth2_user/authorize2")
    public Response authorize(@Context UriInfo uri) {
        return toResponse(simulator.authorize(SandboxRequests.query(uri)));
    }

    @POST
    @Path("v2/oauth2")
    public Response token(@Context UriInfo uri, String body) {
        return toResponse(simulator.token(WithingsParams.of(SandboxRequests.query(uri), body)));
    }

    @GET
    @Path("v2/oauth2")
    public Response tokenByQuery(@Context UriInfo uri) {
        return token(uri, null);
    }

    @POST
    @Path("{service: " + SERVICES + "}")
    public Response api(
            @PathParam("service") String service, @Context UriInfo uri, @Context HttpHeaders headers, String body) {
        return toResponse(simulator.api(
                service,
                WithingsParams.of(SandboxRequests.query(uri), body),
                headers.getHeaderString(HttpHeaders.AUTHORIZATION)));
    }

    @GET
    @Path("{service: " + SERVICES + "}")
    public Response apiByQuery(
            @PathParam("service") String service, @Context UriInfo uri, @Context HttpHeaders headers) {
        return api(service, uri, headers, null);
    }

    /** Control: record a measurement for a user and notify the user's subscribed callbacks. */
    @POST
    @Path("users/{userid}/measurements")
    public Response recordMeasurement(@PathParam("userid") String userid, String body) {
        JsonNode json = SandboxRequests.parse(body);
        return toResponse(
                json == null
                        ? SimulatorReply.badRequest("the body must be JSON")
                        : simulator.recordMeasurement(userid, json));
    }

    /** Control: the user withdraws the application's access (every token of theirs dies, refreshes are refused). */
    @POST
    @Path("users/{userid}/revoke")
    public Response revokeUser(@PathParam("userid") String userid) {
        return toResponse(simulator.revokeUser(userid));
    }

    /** Control: arm a fault for the next calls. */
    @POST
    @Path("faults")
    public Response armFault(String body) {
        JsonNode json = SandboxRequests.parse(body);
        return toResponse(json == null ? SimulatorReply.badRequest("the body must be JSON") : simulator.armFault(json));
    }

    @GET
    @Path("faults")
    public Response faults() {
        return toResponse(simulator.faults());
    }

    @DELETE
    @Path("faults")
    public Response clearFaults() {
        return toResponse(simulator.clearFaults());
    }

    /** Control: what the simulator was asked so far. */
    @GET
    @Path("stats")
    public Response stats() {
        return toResponse(simulator.stats());
    }

    /** Control: forget every token, subscription, recorded measurement, fault and counter. */
    @POST
    @Path("reset")
    public Response reset() {
        return toResponse(simulator.reset());
    }

    private static Response toResponse(SimulatorReply reply) {
        Response.ResponseBuilder builder = Response.status(reply.httpStatus());
        if (reply.location() != null) {
            builder.header(HttpHeaders.LOCATION, reply.location());
        }
        if (reply.body() != null && !reply.body().isEmpty()) {
            builder.type(reply.contentType()).entity(reply.body());
        }
        return builder.build();
    }
}
