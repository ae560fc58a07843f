package org.openhealthexchange.sandbox;

import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/**
 * {@code POST /sandbox/noop}: reads the body and answers 202, doing nothing else. The webhook-ingest benchmark runs
 * beside it to show what storing a notification costs on top of the HTTP stack.
 */
@Path("/sandbox/noop")
public class NoopResource {

    @POST
    public Response noop(byte[] body) {
        return Response.accepted(Map.of("status", "accepted", "bytes", body.length))
                .type(MediaType.APPLICATION_JSON_TYPE)
                .build();
    }
}
