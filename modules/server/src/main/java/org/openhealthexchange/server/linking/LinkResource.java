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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.openhealthexchange.server.auth.CallerScope;
import org.openhealthexchange.server.auth.IntegratorApi;
import org.openhealthexchange.server.config.OheConfig;
import org.openhealthexchange.server.connections.ProviderConnection;
import org.openhealthexchange.server.http.ApiException;
import org.openhealthexchange.server.http.InputRules;
import org.openhealthexchange.server.providers.ProviderEntity;

/** Account linking: start (302 to the vendor), the vendor's callback, status and unlink. */
@Path("/api/base/link/{provider}")
@Tag(name = "Linking", description = "Linking an end user's vendor account (OAuth) and the link's state")
public class LinkResource {

    private static final String STATUS_EXAMPLE =
            """
            {"ehr_user_id": "user-12345", "provider": "withings", "linked": true,
             "links": [{"provider_name": "Withings", "provider_type": "withings",
                        "external_user_id": "withings-user-67890", "active": true,
                        "linked_at": "2025-09-24T12:34:56Z"}],
             "total_links": 1}""";

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
    @SecurityRequirement(name = IntegratorApi.SECURITY_SCHEME)
    @Operation(operationId = "startLink", summary = "Start linking: a redirect to the vendor's authorize page")
    @APIResponse(
            responseCode = "302",
            description = "To the vendor's authorize page (single-use state, 10 min, bound to the user)",
            headers = @Header(name = "Location", schema = @Schema(type = SchemaType.STRING, format = "uri")))
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @APIResponse(responseCode = "404", description = "The provider has no linking", ref = "NotFound")
    public Response start(@PathParam("provider") String provider, @QueryParam("ehr_user_id") String ehrUserId) {
        String user = requireUser(ehrUserId);
        caller.require(user);
        return Response.status(302).location(linking.start(provider, user)).build();
    }

    @GET
    @Path("callback")
    @Operation(
            operationId = "completeLink",
            summary = "The vendor's redirect back (public): exchanges the code and stores the link",
            description = "Errors answer as an HTML page when the browser asks for text/html, else in the envelope.")
    @APIResponse(
            responseCode = "200",
            description = "Linked; a small HTML page (when no success redirect is configured)",
            content = @Content(mediaType = MediaType.TEXT_HTML, schema = @Schema(type = SchemaType.STRING)))
    @APIResponse(
            responseCode = "302",
            description = "Linked; to ohe.linking.success-redirect-url?provider=&ehr_user_id=",
            headers = @Header(name = "Location", schema = @Schema(type = SchemaType.STRING, format = "uri")))
    @APIResponse(
            responseCode = "400",
            description = "invalid_state, expired_state, access_denied or validation_error; nothing is linked",
            content = {
                @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "ErrorEnvelope")),
                @Content(mediaType = MediaType.TEXT_HTML, schema = @Schema(type = SchemaType.STRING))
            })
    @APIResponse(
            responseCode = "404",
            description = "The provider has no linking",
            content = {
                @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "ErrorEnvelope")),
                @Content(mediaType = MediaType.TEXT_HTML, schema = @Schema(type = SchemaType.STRING))
            })
    @APIResponse(
            responseCode = "502",
            description = "The vendor refused the code (vendor_error); nothing is linked",
            content = {
                @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "ErrorEnvelope")),
                @Content(mediaType = MediaType.TEXT_HTML, schema = @Schema(type = SchemaType.STRING))
            })
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
    @SecurityRequirement(name = IntegratorApi.SECURITY_SCHEME)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "getLinkStatus", summary = "Whether the user has linked the provider, and the link")
    @APIResponse(
            responseCode = "200",
            description = "The user's link (links is empty when there is none)",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = LinkStatus.class),
                            examples = @ExampleObject(name = "linked", value = STATUS_EXAMPLE)))
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @APIResponse(responseCode = "404", description = "The provider has no linking", ref = "NotFound")
    public LinkStatus status(@PathParam("provider") String provider, @QueryParam("ehr_user_id") String ehrUserId) {
        String user = requireUser(ehrUserId);
        caller.require(user);
        linking.linking(provider);
        var link = QuarkusTransaction.requiringNew()
                .call(() -> ProviderConnection.forUser(provider, user).orElse(null));
        String name = QuarkusTransaction.requiringNew()
                .call(() -> ProviderEntity.byType(provider).map(p -> p.name).orElse(provider));
        return LinkStatus.of(user, provider, link, name);
    }

    @DELETE
    @IntegratorApi
    @SecurityRequirement(name = IntegratorApi.SECURITY_SCHEME)
    @Operation(
            operationId = "unlink",
            summary = "Unlink: revokes the grant where the vendor offers it, forgets the tokens")
    @APIResponse(responseCode = "204", description = "Unlinked")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @APIResponse(responseCode = "404", description = "No active link", ref = "NotFound")
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
}
