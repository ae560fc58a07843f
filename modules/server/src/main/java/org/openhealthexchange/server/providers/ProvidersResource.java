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
import org.openhealthexchange.core.record.DataType;
import org.openhealthexchange.core.spi.ProviderAdapter;
import org.openhealthexchange.server.http.Paged;
import org.openhealthexchange.server.http.RateLimited;

/** The public provider registry: which providers exist and what they can do, derived from the adapters. */
@Path("/api/base/providers")
@Produces(MediaType.APPLICATION_JSON)
@RateLimited("provider-info")
public class ProvidersResource {

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
    public Paged<ProviderView> list(
            @QueryParam("page") String page, @QueryParam("page_size") String pageSize, @Context UriInfo uri) {
        var request = Paged.Request.of(page, pageSize);
        return Paged.slice(registry.rows().stream().map(ProviderView::of).toList(), request, uri);
    }

    @GET
    @Path("capabilities")
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
