package org.openhealthexchange.sandbox;

import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** Like the server's last-resort 404 route: proves the sandbox's servlet does not swallow unknown paths. */
@ApplicationScoped
public class FallThroughRoute {

    void install(@Observes Router router) {
        router.route().last().handler(ctx -> ctx.response().setStatusCode(404).end("application-404"));
    }
}
