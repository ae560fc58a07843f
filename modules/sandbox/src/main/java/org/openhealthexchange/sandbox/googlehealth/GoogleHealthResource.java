package org.openhealthexchange.sandbox.googlehealth;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Clock;
import java.util.Map;
import org.openhealthexchange.sandbox.SandboxRequests;

/**
 * The Google Health API simulator under {@code /sandbox/google-health}, on the paths
 * {@code FitbitSettings.forSandbox} points at: {@code o/oauth2/v2/auth}, {@code token}, {@code revoke},
 * {@code v4/users/me/identity}, {@code v4/users/me/dataTypes/{type}/dataPoints}, {@code signing-keyset}, plus the
 * control endpoints {@code subscribers}, {@code users/{id}/notify}, {@code faults} and {@code reset}.
 */
@Path("/sandbox/google-health")
@Blocking
public class GoogleHealthResource {

    @Inject
    GoogleHealthSimulator simulator;

    /** Builds the one simulator instance from its configuration. */
    @ApplicationScoped
    public static class Producer {
        @Produces
        @Singleton
        GoogleHealthSimulator simulator(GoogleHealthSimConfig config) {
            return new GoogleHealthSimulator(config, Clock.systemUTC());
        }
    }

    @GET
    @Path("o/oauth2/v2/auth")
    public Response authorize(@Context UriInfo uri) {
        return respond(simulator.authorize(SandboxRequests.query(uri)));
    }

    @POST
    @Path("token")
    public Response token(String body) {
        return respond(simulator.token(GoogleHealthSimulator.form(body)));
    }

    @POST
    @Path("revoke")
    public Response revoke(@Context UriInfo uri, String body) {
        Map<String, String> f = SandboxRequests.query(uri);
        f.putAll(GoogleHealthSimulator.form(body));
        return respond(simulator.revoke(f));
    }

    @GET
    @Path("v4/users/me/identity")
    public Response identity(@HeaderParam("Authorization") String authorization) {
        return respond(simulator.identity(authorization));
    }

    @GET
    @Path("v4/users/me/dataTypes/{type}/dataPoints")
    public Response dataPoints(
            @HeaderParam("Authorization") String authorization, @PathParam("type") String type, @Context UriInfo uri) {
        return respond(simulator.dataPoints(authorization, type, SandboxRequests.query(uri)));
    }

    @GET
    @Path("signing-keyset")
    public Response keyset() {
        return Response.ok(simulator.signingKeyset(), "application/json").build();
    }

    @POST
    @Path("subscribers")
    public Response subscribers(String body) {
        return respond(simulator.registerSubscriber(json(body)));
    }

    @POST
    @Path("users/{healthUserId}/notify")
    public Response notify(@PathParam("healthUserId") String user, String body) {
        return respond(simulator.notify(user, json(body)));
    }

    @POST
    @Path("faults")
    public Response faults(String body) {
        simulator.failNext(json(body).path("failNext").asInt(0));
        return Response.noContent().build();
    }

    @POST
    @Path("reset")
    public Response reset() {
        simulator.reset();
        return Response.noContent().build();
    }

    /** The body as JSON, an empty object when it is blank or not JSON. */
    private static JsonNode json(String body) {
        JsonNode n = SandboxRequests.parse(body);
        return n == null ? GoogleHealthSimulator.JSON.createObjectNode() : n;
    }

    private static Response respond(GoogleHealthSimulator.Reply r) {
        Response.ResponseBuilder b = Response.status(r.status());
        r.headers().forEach(b::header);
        if (!r.body().isEmpty()) {
            b.entity(r.body()).type("application/json");
        }
        return b.build();
    }
}
