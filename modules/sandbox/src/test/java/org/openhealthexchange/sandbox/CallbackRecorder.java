package org.openhealthexchange.sandbox;

import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Stands in for the application's webhook endpoint: records the HEAD checks and notification bodies it gets. */
@Path("/test-callback")
public class CallbackRecorder {

    static final List<String> HEADS = new CopyOnWriteArrayList<>();
    static final List<String> POSTS = new CopyOnWriteArrayList<>();

    @HEAD
    public Response head() {
        HEADS.add("HEAD");
        return Response.ok().build();
    }

    @POST
    public Response notification(String body) {
        POSTS.add(body);
        return Response.accepted().build();
    }
}
