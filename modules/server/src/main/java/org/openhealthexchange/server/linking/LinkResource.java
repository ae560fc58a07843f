package org.openhealthexchange.server.linking;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import java.net.URI;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openhealthexchange.server.auth.CallerScope;
import org.openhealthexchange.server.auth.IntegratorApi;
import org.openhealthexchange.server.config.OheConfig;
import org.openhealthexchange.server.connections.ProviderConnection;
import org.openhealthexchange.server.http.ApiException;
import org.openhealthexchange.server.http.InputRules;
import org.openhealthexchange.server.providers.ProviderEntity;

/** Account linking: start (302 to the vendor), the vendor's callback, status and unlink. */
@Path("/api/base/link/{provider}")
public class LinkResource {

    private final LinkingService linking;
    private final CallerScope caller;
    private final OheConfig.Linking config;

    LinkResource(LinkingService linking, CallerScope caller, OheConfig config) {
        this.linking = linking;
        this.caller = caller;
        this.config = config.linking();
    }

    @GET
    @IntegratorApi
    public Response start(@PathParam("provider") String provider, @QueryParam("ehr_user_id") String ehrUserId) {
        String user = requireUser(ehrUserId);
        caller.require(user);
        return Response.status(302).location(linking.start(provider, user)).build();
    }

    @GET
    @Path("callback")
    public Response callback(
            @PathParam("provider") String provider,
            @QueryParam("code") String code,
            @QueryParam("state") String state,
            @QueryParam("error") String error,
            HttpHeaders headers) {
        try {
            var linked = linking.complete(provider, code, state, error);
            if (config.successRedirectUrl().isPresent()) {
                URI target = UriBuilder.fromUri(config.successRedirectUrl().get())
                        .queryParam("provider", provider)
                        .queryParam("ehr_user_id", linked.ehrUserId())
                        .build();
                return Response.status(302).location(target).build();
            }
            return Response.ok(LinkPages.success(provider))
                    .type(MediaType.TEXT_HTML_TYPE)
                    .build();
        } catch (ApiException e) {
            if (wantsHtml(headers)) {
                return Response.status(e.status())
                        .type(MediaType.TEXT_HTML_TYPE)
                        .entity(LinkPages.failure(provider, e.getMessage()))
                        .build();
            }
            throw e;
        }
    }

    @GET
    @Path("status")
    @IntegratorApi
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> status(
            @PathParam("provider") String provider, @QueryParam("ehr_user_id") String ehrUserId) {
        String user = requireUser(ehrUserId);
        caller.require(user);
        linking.linking(provider);
        var link = QuarkusTransaction.requiringNew()
                .call(() -> ProviderConnection.forUser(provider, user).orElse(null));
        String name = QuarkusTransaction.requiringNew()
                .call(() -> ProviderEntity.byType(provider).map(p -> p.name).orElse(provider));
        List<Map<String, Object>> links = link == null ? List.of() : List.of(LinkViews.link(link, name));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("ehr_user_id", user);
        body.put("provider", provider);
        body.put("linked", link != null && link.active);
        body.put("links", links);
        body.put("total_links", links.size());
        return body;
    }

    @DELETE
    @IntegratorApi
    public Response unlink(@PathParam("provider") String provider, @QueryParam("ehr_user_id") String ehrUserId) {
        String user = requireUser(ehrUserId);
        caller.require(user);
        linking.unlink(provider, user);
        return Response.noContent().build();
    }

    static String requireUser(String ehrUserId) {
        return requireUserId(ehrUserId);
    }

    /** A valid ehr_user_id, or 400 validation_error. */
    public static String requireUserId(String ehrUserId) {
        return InputRules.requireUserId(ehrUserId);
    }

    private static boolean wantsHtml(HttpHeaders headers) {
        String accept = headers.getHeaderString(HttpHeaders.ACCEPT);
        return accept != null && accept.contains("text/html");
    }

    /** Shapes shared by the link status and connected-providers endpoints. */
    public static final class LinkViews {
        private LinkViews() {}

        public static Map<String, Object> link(ProviderConnection link, String providerName) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("provider_name", providerName);
            m.put("provider_type", link.provider);
            m.put("external_user_id", link.externalUserId);
            m.put("active", link.active);
            m.put("linked_at", link.linkedAt.truncatedTo(ChronoUnit.SECONDS).toString());
            if (!link.active) {
                m.put("deactivated_reason", link.deactivatedReason);
            }
            return m;
        }
    }
}
