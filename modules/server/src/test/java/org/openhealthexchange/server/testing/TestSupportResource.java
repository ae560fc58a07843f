package org.openhealthexchange.server.testing;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import org.jboss.logging.Logger;
import org.openhealthexchange.server.http.RateLimited;

/** Endpoints that exist only in tests, to exercise the HTTP conventions on shapes no product endpoint has yet. */
@Path("/test-support")
@Produces(MediaType.APPLICATION_JSON)
public class TestSupportResource {

    private static final Logger LOG = Logger.getLogger(TestSupportResource.class);

    /** A typed JSON body. */
    public record Echo(String name, int count) {}

    @POST
    @Path("echo")
    @Consumes(MediaType.APPLICATION_JSON)
    public Echo echo(Echo body) {
        return body;
    }

    @GET
    @Path("boom")
    public Map<String, String> boom() {
        LOG.info("about to fail on purpose");
        throw new IllegalStateException("secret internal detail: patient Erika Mustermann");
    }

    @GET
    @Path("limited")
    @RateLimited("test-tight")
    public Map<String, String> limited() {
        return Map.of("ok", "yes");
    }
}
