package org.openhealthexchange.server.e2e;

import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A webhook receiver for tests: records every callback; answers 503 to the first {@link #failFirst} of them. */
@Path("/test-support/calldoc-callbacks")
public class CallbackReceiverResource {

    /** One received callback: the Standard Webhooks headers and the body. */
    public record Received(Map<String, String> headers, String body) {}

    static final List<Received> RECEIVED = new CopyOnWriteArrayList<>();
    static final AtomicInteger failFirst = new AtomicInteger();

    @POST
    public Response receive(@Context HttpHeaders headers, String body) {
        RECEIVED.add(new Received(
                Map.of(
                        "webhook-id",
                        String.valueOf(headers.getHeaderString("webhook-id")),
                        "webhook-timestamp",
                        String.valueOf(headers.getHeaderString("webhook-timestamp")),
                        "webhook-signature",
                        String.valueOf(headers.getHeaderString("webhook-signature"))),
                body));
        return failFirst.getAndDecrement() > 0
                ? Response.status(503).build()
                : Response.noContent().build();
    }
}
