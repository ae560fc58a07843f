package org.openhealthexchange.server.providers;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.openhealthexchange.core.record.DataType;
import org.openhealthexchange.core.spi.ProviderAdapter;
import org.openhealthexchange.server.http.Paged;
import org.openhealthexchange.server.http.RateLimitExceeded;
import org.openhealthexchange.server.http.RateLimited;

/** The public provider registry: which providers exist and what they can do, derived from the adapters. */
@Path("/api/base/providers")
@Produces(MediaType.APPLICATION_JSON)
@RateLimited("provider-info")
@Tag(name = "Providers", description = "Which providers are deployed and what they can do (public)")
@APIResponse(
        responseCode = "429",
        description = "Rate limit exceeded (Retry-After, X-RateLimit-* headers)",
        content =
                @Content(
                        mediaType = MediaType.APPLICATION_JSON,
                        schema = @Schema(implementation = RateLimitExceeded.class)))
public class ProvidersResource {

    private static final String PROVIDERS =
            """
            {"count": 2, "next": null, "previous": null,
             "results": [{"id": 1, "name": "Withings", "provider_type": "withings", "active": true},
                         {"id": 2, "name": "Fitbit", "provider_type": "fitbit", "active": true}]}""";
    private static final String CAPABILITIES =
            """
            {"supported_providers": ["withings", "fitbit"],
             "supported_data_types": ["heart_rate", "steps", "rr_intervals", "ecg", "blood_pressure", "weight"],
             "webhook_endpoints": {"withings": "/webhooks/withings/", "fitbit": "/webhooks/fitbit/"},
             "sync_frequencies": {"real_time": "Webhook-triggered (immediate)", "daily": "Daily at 06:00 UTC",
                                  "weekly": "Weekly on Sundays at 06:00 UTC"}}""";

    /** One provider as the seed shows it. */
    public record ProviderView(long id, String name, String providerType, boolean active) {
        static ProviderView of(ProviderEntity e) {
            return new ProviderView(e.id, e.name, e.providerType, e.active);
        }
    }

    /** The seed's capabilities document. */
    public record Capabilities(
            List<String> supportedProviders,
            List<String> supportedDataTypes,
            Map<String, String> webhookEndpoints,
            Map<String, String> syncFrequencies) {}

    private static final Map<String, String> SYNC_FREQUENCIES = Map.of(
            "real_time", "Webhook-triggered (immediate)",
            "daily", "Daily at 06:00 UTC",
            "weekly", "Weekly on Sundays at 06:00 UTC");

    private final ProviderRegistry registry;

    ProvidersResource(ProviderRegistry registry) {
        this.registry = registry;
    }

    @GET
    @Operation(operationId = "listProviders", summary = "The providers whose adapter modules are deployed")
    @APIResponse(responseCode = "200", description = "A page of providers, e.g. " + PROVIDERS)
    public Paged<ProviderView> list(
            @QueryParam("page") String page, @QueryParam("page_size") String pageSize, @Context UriInfo uri) {
        var request = Paged.Request.of(page, pageSize);
        return Paged.slice(registry.rows().stream().map(ProviderView::of).toList(), request, uri);
    }

    @GET
    @Path("capabilities")
    @Operation(operationId = "getCapabilities", summary = "Providers, data types, webhook endpoints, sync frequencies")
    @APIResponse(
            responseCode = "200",
            description = "Computed from the adapters found at start-up",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = Capabilities.class),
                            examples = @ExampleObject(name = "two providers", value = CAPABILITIES)))
    public Capabilities capabilities() {
        List<ProviderAdapter> adapters = registry.adapters();
        EnumSet<DataType> types = EnumSet.noneOf(DataType.class);
        Map<String, String> webhooks = new LinkedHashMap<>();
        List<String> ids = new ArrayList<>();
        for (ProviderAdapter adapter : adapters) {
            ids.add(adapter.id());
            types.addAll(adapter.capabilities().dataTypes());
            if (adapter.capabilities().notifications()) {
                webhooks.put(adapter.id(), "/webhooks/" + adapter.id() + "/");
            }
        }
        return new Capabilities(
                ids, types.stream().map(DataType::code).toList(), webhooks, new java.util.TreeMap<>(SYNC_FREQUENCIES));
    }
}
