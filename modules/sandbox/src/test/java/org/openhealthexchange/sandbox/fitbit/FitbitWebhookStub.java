package org.openhealthexchange.sandbox.fitbit;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Stands in for OHE's {@code /webhooks/fitbit/}: verifies code "sandbox-verification-code", records signed POSTs. */
@Path("/test-fitbit-webhook")
public class FitbitWebhookStub {

    static final List<String> SIGNED_BODIES = new CopyOnWriteArrayList<>();

    @GET
    public Response verify(@QueryParam("verify") String verify) {
        return Response.status("sandbox-verification-code".equals(verify) ? 204 : 404)
                .build();
    }

    @POST
    public Response notification(@HeaderParam("X-Fitbit-Signature") String signature, String body) {
        SIGNED_BODIES.add(signature + " " + body);
        return Response.noContent().build();
    }
}
