package org.openhealthexchange.server.sync;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The request and response bodies of {@code /api/base/sync/}, in the seed's shapes (snake_case on the wire). */
public final class SyncApi {

    private SyncApi() {}

    /** {@code POST /api/base/sync/trigger_device_sync/}. */
    public record DeviceSyncRequest(
            @Schema(required = true, examples = "user-12345") String ehrUserId,
            @Schema(required = true, examples = "withings") String provider) {}

    /** {@code POST /api/base/sync/backfill/}. */
    public record BackfillRequest(
            @Schema(required = true) String ehrUserId,
            @Schema(required = true) String provider,
            @Schema(required = true, description = "YYYY-MM-DD (the day's start) or an ISO-8601 date-time with offset")
                    String start,
            @Schema(required = true, description = "YYYY-MM-DD (inclusive) or an ISO-8601 date-time with offset")
                    String end,
            @Schema(description = "Sync the range again even where it was synced already (default false)")
                    Boolean force) {}

    /**
     * {@code GET /api/base/sync/status/}: with {@code provider}, the latest run of that provider inline; without it,
     * {@code providers} maps every deployed provider to its latest run.
     */
    public record SyncStatus(
            String ehrUserId,
            @JsonInclude(JsonInclude.Include.NON_NULL) @Schema(description = "Only when asked for one provider")
                    String provider,
            @JsonUnwrapped @Schema(hidden = true) ProviderSyncStatus latest,
            @JsonInclude(JsonInclude.Include.NON_NULL)
                    @Schema(description = "Only when asked for all providers: provider id → its latest run")
                    Map<String, ProviderSyncStatus> providers) {

        public static SyncStatus one(String ehrUserId, String provider, ProviderSyncStatus latest) {
            return new SyncStatus(ehrUserId, provider, latest, null);
        }

        public static SyncStatus all(String ehrUserId, Map<String, ProviderSyncStatus> providers) {
            return new SyncStatus(ehrUserId, null, null, providers);
        }
    }

    /** The latest sync run of one user and provider. */
    public record ProviderSyncStatus(
            @Schema(enumeration = {"completed", "failed", "running", "no_recent_sync"}) String status,
            @Schema(nullable = true, format = "date-time") String lastSync,
            @Schema(nullable = true) Integer recordsSynced,
            @Schema(nullable = true) Integer recordsSkipped,
            @Schema(description = "What a sink refused, with the EHR's diagnostics") List<String> errors,
            @Schema(description = "Vendor values no sink can represent, named and counted") List<String> skipped) {

        static final ProviderSyncStatus NONE =
                new ProviderSyncStatus("no_recent_sync", null, null, null, List.of(), List.of());
    }

    /** {@code GET /api/base/sync/providers/}. */
    public record ConnectedProviders(
            String ehrUserId, List<ConnectedProvider> connectedProviders, int totalProviders) {}

    /** One active link of the user. */
    public record ConnectedProvider(long id, ConnectedProviderInfo provider, String externalUserId) {}

    /** The provider of a link, as the provider list shows it. */
    public record ConnectedProviderInfo(
            @Schema(nullable = true) Long id, String name, String providerType, boolean active) {}

    /** The answer of a device sync. */
    public record DeviceSyncResult(
            String message,
            String syncId,
            String ehrUserId,
            String provider,
            int devicesProcessed,
            int associationsCreated,
            boolean success,
            List<String> errors) {}

    /** The answer of a backfill request (202). */
    public record BackfillResult(
            String message,
            String ehrUserId,
            String provider,
            @Schema(format = "date-time") String start,
            @Schema(format = "date-time") String end,
            int jobsQueued,
            List<Long> jobIds,
            List<Long> queuedJobIds,
            List<Long> existingJobIds,
            boolean force) {}
}
