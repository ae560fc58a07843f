package org.openhealthexchange.server.vault;

import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.openhealthexchange.server.http.ErrorEnvelope;
import org.openhealthexchange.server.http.RequestIds;

/**
 * A request that needed a link's tokens and could not decrypt them answers in the envelope, never 500: 409
 * {@code relink_required} when the configured key does not open them (the link was deactivated, the user must link
 * again), 503 {@code vault_key_missing} when their key id is not configured on this node.
 */
public class VaultErrorMapper {

    @ServerExceptionMapper
    public Response undecryptable(VaultDecryptionException e, RoutingContext ctx) {
        boolean relink = e.keyConfigured();
        var body = ErrorEnvelope.of(
                relink ? "relink_required" : "vault_key_missing",
                relink
                        ? "The stored tokens of this link cannot be decrypted; the user must link the account again"
                        : "The stored tokens of this link use a vault key this service does not have",
                Map.of(),
                ctx.get(RequestIds.KEY));
        return Response.status(relink ? 409 : 503)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(body)
                .build();
    }
}
