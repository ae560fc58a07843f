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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.openhealthexchange.server.auth.CallerScope;
import org.openhealthexchange.server.auth.IntegratorApi;
import org.openhealthexchange.server.connections.ProviderConnection;
import org.openhealthexchange.server.http.ApiException;
import org.openhealthexchange.server.http.InputRules;
import org.openhealthexchange.server.http.RateLimitExceeded;
import org.openhealthexchange.server.http.RateLimited;
import org.openhealthexchange.server.providers.ProviderEntity;
import org.openhealthexchange.server.providers.ProviderRegistry;

/** Sync status, connected providers, device sync and backfill, in the seed's shapes. */
@Path("/api/base/sync")
@Produces(MediaType.APPLICATION_JSON)
@IntegratorApi
@SecurityRequirement(name = IntegratorApi.SECURITY_SCHEME)
@Tag(name = "Sync", description = "Sync status, connected providers, device sync and backfills")
@APIResponse(responseCode = "403", ref = "Forbidden")
@APIResponse(
        responseCode = "429",
        description = "Rate limit exceeded (Retry-After, X-RateLimit-* headers)",
        content =
                @Content(
                        mediaType = MediaType.APPLICATION_JSON,
                        schema = @Schema(implementation = RateLimitExceeded.class)))
public class SyncResource {

    private static final String STATUS_ONE =
            """
            {"ehr_user_id": "user-12345", "provider": "withings", "status": "completed",
             "last_sync": "2023-12-07T10:30:00Z", "records_synced": 15, "records_skipped": 0,
             "errors": [], "skipped": []}""";
    private static final String STATUS_ALL =
            """
            {"ehr_user_id": "user-12345",
             "providers": {"withings": {"status": "completed", "last_sync": "2023-12-07T10:30:00Z",
                                        "records_synced": 15, "records_skipped": 0, "errors": [], "skipped": []},
                           "fitbit": {"status": "no_recent_sync", "last_sync": null, "records_synced": null,
                                      "records_skipped": null, "errors": [], "skipped": []}}}""";
    private static final String CONNECTED =
            """
            {"ehr_user_id": "user-12345",
             "connected_providers": [{"id": 1,
                                      "provider": {"id": 1, "name": "Withings", "provider_type": "withings",
                                                   "active": true},
                                      "external_user_id": "withings-user-67890"}],
             "total_providers": 1}""";
    private static final String DEVICE_SYNC_REQUEST =
            """
            {"ehr_user_id": "user-12345", "provider": "withings"}""";
    private static final String DEVICE_SYNC =
            """
            {"message": "Device sync completed", "sync_id": "device-sync-20231207-103000",
             "ehr_user_id": "user-12345", "provider": "withings", "devices_processed": 2,
             "associations_created": 2, "success": true, "errors": []}""";

    private final ProviderRegistry registry;
    private final CallerScope caller;
    private final SyncRequests requests;

    SyncResource(ProviderRegistry registry, CallerScope caller, SyncRequests requests) {
        this.registry = registry;
        this.caller = caller;
        this.requests = requests;
    }

    @GET
    @Path("status")
    @RateLimited("user-sync-status")
    @Operation(
            operationId = "getSyncStatus",
            summary = "The latest sync run of the user, for one provider or for every deployed provider")
    @APIResponse(
            responseCode = "200",
            description = "With provider: that provider's latest run inline; without: providers maps each to its run",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = SyncApi.SyncStatus.class),
                            examples = {
                                @ExampleObject(name = "one provider", value = STATUS_ONE),
                                @ExampleObject(name = "all providers", value = STATUS_ALL)
                            }))
    public SyncApi.SyncStatus status(
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
        if (provider != null) {
            return SyncApi.SyncStatus.one(user, provider, statusOf(user, provider));
        }
        Map<String, SyncApi.ProviderSyncStatus> all = new LinkedHashMap<>();
        registry.adapters().forEach(a -> all.put(a.id(), statusOf(user, a.id())));
        return SyncApi.SyncStatus.all(user, all);
    }

    private static SyncApi.ProviderSyncStatus statusOf(String user, String provider) {
        SyncRun run = QuarkusTransaction.requiringNew()
                .call(() -> SyncRun.latest(user, provider).orElse(null));
        if (run == null) {
            return SyncApi.ProviderSyncStatus.NONE;
        }
        return new SyncApi.ProviderSyncStatus(
                run.status,
                (run.finishedAt != null ? run.finishedAt : run.startedAt)
                        .truncatedTo(ChronoUnit.SECONDS)
                        .toString(),
                run.recordsSynced,
                run.recordsSkipped,
                run.errors,
                run.skipped);
    }

    @GET
    @Path("providers")
    @RateLimited("user-sync-status")
    @Operation(operationId = "listConnectedProviders", summary = "The providers the user has an active link to")
    @APIResponse(
            responseCode = "200",
            description = "The user's active links",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = SyncApi.ConnectedProviders.class),
                            examples = @ExampleObject(name = "one link", value = CONNECTED)))
    public SyncApi.ConnectedProviders connected(@QueryParam("ehr_user_id") String ehrUserId) {
        Map<String, Object> errors = new LinkedHashMap<>();
        String user = field(errors, "ehr_user_id", ehrUserId);
        if (!errors.isEmpty()) {
            throw ApiException.validation(errors);
        }
        caller.require(user);
        List<SyncApi.ConnectedProvider> connected = new ArrayList<>();
        QuarkusTransaction.requiringNew().run(() -> {
            for (ProviderConnection link : ProviderConnection.allForUser(user)) {
                if (!link.active) {
                    continue;
                }
                ProviderEntity p = ProviderEntity.byType(link.provider).orElse(null);
                var provider = new SyncApi.ConnectedProviderInfo(
                        p == null ? null : p.id,
                        p == null ? link.provider : p.name,
                        link.provider,
                        p == null || p.active);
                connected.add(new SyncApi.ConnectedProvider(link.id, provider, link.externalUserId));
            }
        });
        return new SyncApi.ConnectedProviders(user, connected, connected.size());
    }

    @POST
    @Path("trigger_device_sync")
    @Consumes(MediaType.APPLICATION_JSON)
    @RateLimited("device-sync")
    @Operation(
            operationId = "triggerDeviceSync",
            summary = "Fetch the user's devices now and publish them as FHIR Devices")
    @APIResponse(
            responseCode = "200",
            description = "The devices were fetched (success false: some could not be published, see errors)",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = SyncApi.DeviceSyncResult.class),
                            examples = @ExampleObject(name = "completed", value = DEVICE_SYNC)))
    @APIResponse(responseCode = "404", description = "No active link", ref = "NotFound")
    @APIResponse(
            responseCode = "409",
            description = "relink_required: the vault key does not open the link's tokens; the user must link again",
            ref = "Conflict")
    @APIResponse(
            responseCode = "503",
            description = "vault_key_missing: the key of the link's tokens is not configured on this node",
            ref = "ServiceUnavailable")
    public SyncApi.DeviceSyncResult triggerDeviceSync(
            @RequestBody(
                            required = true,
                            content =
                                    @Content(
                                            mediaType = MediaType.APPLICATION_JSON,
                                            schema = @Schema(implementation = SyncApi.DeviceSyncRequest.class),
                                            examples = @ExampleObject(name = "withings", value = DEVICE_SYNC_REQUEST)))
                    SyncApi.DeviceSyncRequest body) {
        var target = body == null ? target(false, null, null) : target(true, body.ehrUserId(), body.provider());
        return requests.deviceSync(target.user(), target.provider());
    }

    @POST
    @Path("backfill")
    @Consumes(MediaType.APPLICATION_JSON)
    @RateLimited("device-sync")
    @Operation(
            operationId = "requestBackfill",
            summary = "Queue the sync of a historical range (at most two years) in chunks")
    @APIResponse(
            responseCode = "202",
            description = "What this request queued and which identical chunks were known already",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = SyncApi.BackfillResult.class)))
    @APIResponse(responseCode = "404", description = "No active link", ref = "NotFound")
    public Response backfill(@RequestBody(required = true) SyncApi.BackfillRequest body) {
        var target = body == null ? target(false, null, null) : target(true, body.ehrUserId(), body.provider());
        return Response.accepted(requests.backfill(
                        target.user(), target.provider(), body.start(), body.end(), Boolean.TRUE.equals(body.force())))
                .build();
    }

    private record Target(String user, String provider) {}

    /** The user and provider of a POST body ({@code present} false: there was no body). */
    private Target target(boolean present, String ehrUserId, String providerId) {
        Map<String, Object> errors = new LinkedHashMap<>();
        if (!present) {
            throw ApiException.validation(Map.of(
                    "ehr_user_id", List.of("This field is required."), "provider", List.of("This field is required.")));
        }
        String user = field(errors, "ehr_user_id", ehrUserId);
        String provider = field(errors, "provider", providerId);
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
