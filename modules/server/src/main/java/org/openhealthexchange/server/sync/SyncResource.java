package org.openhealthexchange.server.sync;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openhealthexchange.server.auth.CallerScope;
import org.openhealthexchange.server.auth.IntegratorApi;
import org.openhealthexchange.server.connections.ProviderConnection;
import org.openhealthexchange.server.http.ApiException;
import org.openhealthexchange.server.http.InputRules;
import org.openhealthexchange.server.http.RateLimited;
import org.openhealthexchange.server.providers.ProviderEntity;
import org.openhealthexchange.server.providers.ProviderRegistry;

/** Sync status, connected providers, device sync and backfill, in the seed's shapes. */
@Path("/api/base/sync")
@Produces(MediaType.APPLICATION_JSON)
@IntegratorApi
public class SyncResource {

    private final ProviderRegistry registry;
    private final CallerScope caller;
    private final SyncRequests requests;

    SyncResource(ProviderRegistry registry, CallerScope caller, SyncRequests requests) {
        this.registry = registry;
        this.caller = caller;
        this.requests = requests;
    }

    /** The body of the POST endpoints. */
    public record SyncBody(String ehrUserId, String provider, String start, String end, Boolean force) {}

    @GET
    @Path("status")
    @RateLimited("user-sync-status")
    public Map<String, Object> status(
            @QueryParam("ehr_user_id") String ehrUserId, @QueryParam("provider") String provider) {
        Map<String, Object> errors = new LinkedHashMap<>();
        String user = field(errors, "ehr_user_id", ehrUserId);
        if (provider != null && registry.adapter(provider).isEmpty()) {
            errors.put("provider", List.of("Invalid choice: '" + InputRules.quote(provider) + "'"));
        }
        if (!errors.isEmpty()) {
            throw ApiException.validation(errors);
        }
        caller.require(user);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("ehr_user_id", user);
        if (provider != null) {
            body.put("provider", provider);
            body.putAll(statusOf(user, provider));
            return body;
        }
        Map<String, Object> all = new LinkedHashMap<>();
        registry.adapters().forEach(a -> all.put(a.id(), statusOf(user, a.id())));
        body.put("providers", all);
        return body;
    }

    private static Map<String, Object> statusOf(String user, String provider) {
        SyncRun run = QuarkusTransaction.requiringNew()
                .call(() -> SyncRun.latest(user, provider).orElse(null));
        Map<String, Object> m = new LinkedHashMap<>();
        if (run == null) {
            m.put("status", "no_recent_sync");
            m.put("last_sync", null);
            m.put("records_synced", null);
            m.put("records_skipped", null);
            m.put("errors", List.of());
            m.put("skipped", List.of());
            return m;
        }
        m.put("status", run.status);
        m.put(
                "last_sync",
                (run.finishedAt != null ? run.finishedAt : run.startedAt)
                        .truncatedTo(ChronoUnit.SECONDS)
                        .toString());
        m.put("records_synced", run.recordsSynced);
        m.put("records_skipped", run.recordsSkipped);
        m.put("errors", run.errors);
        m.put("skipped", run.skipped);
        return m;
    }

    @GET
    @Path("providers")
    @RateLimited("user-sync-status")
    public Map<String, Object> connected(@QueryParam("ehr_user_id") String ehrUserId) {
        Map<String, Object> errors = new LinkedHashMap<>();
        String user = field(errors, "ehr_user_id", ehrUserId);
        if (!errors.isEmpty()) {
            throw ApiException.validation(errors);
        }
        caller.require(user);
        List<Map<String, Object>> connected = new ArrayList<>();
        QuarkusTransaction.requiringNew().run(() -> {
            for (ProviderConnection link : ProviderConnection.allForUser(user)) {
                if (!link.active) {
                    continue;
                }
                ProviderEntity p = ProviderEntity.byType(link.provider).orElse(null);
                Map<String, Object> provider = new LinkedHashMap<>();
                provider.put("id", p == null ? null : p.id);
                provider.put("name", p == null ? link.provider : p.name);
                provider.put("provider_type", link.provider);
                provider.put("active", p == null || p.active);
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("id", link.id);
                entry.put("provider", provider);
                entry.put("external_user_id", link.externalUserId);
                connected.add(entry);
            }
        });
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("ehr_user_id", user);
        body.put("connected_providers", connected);
        body.put("total_providers", connected.size());
        return body;
    }

    @POST
    @Path("trigger_device_sync")
    @Consumes(MediaType.APPLICATION_JSON)
    @RateLimited("device-sync")
    public Map<String, Object> triggerDeviceSync(SyncBody body) {
        var target = target(body);
        return requests.deviceSync(target.user(), target.provider());
    }

    @POST
    @Path("backfill")
    @Consumes(MediaType.APPLICATION_JSON)
    @RateLimited("device-sync")
    public Response backfill(SyncBody body) {
        var target = target(body);
        return Response.accepted(requests.backfill(
                        target.user(), target.provider(), body.start(), body.end(), Boolean.TRUE.equals(body.force())))
                .build();
    }

    private record Target(String user, String provider) {}

    private Target target(SyncBody body) {
        Map<String, Object> errors = new LinkedHashMap<>();
        if (body == null) {
            throw ApiException.validation(Map.of(
                    "ehr_user_id", List.of("This field is required."), "provider", List.of("This field is required.")));
        }
        String user = field(errors, "ehr_user_id", body.ehrUserId());
        String provider = field(errors, "provider", body.provider());
        if (provider != null && registry.adapter(provider).isEmpty()) {
            errors.put("provider", List.of("Invalid choice: '" + InputRules.quote(provider) + "'"));
        }
        if (!errors.isEmpty()) {
            throw ApiException.validation(errors);
        }
        caller.require(user);
        return new Target(user, provider);
    }

    private static String field(Map<String, Object> errors, String name, String value) {
        if (value == null || value.isBlank()) {
            errors.put(name, List.of("This field is required."));
            return null;
        }
        if ("ehr_user_id".equals(name)) {
            try {
                return InputRules.requireUserId(value);
            } catch (ApiException e) {
                errors.put(name, e.details().get(name));
                return null;
            }
        }
        return value;
    }
}
