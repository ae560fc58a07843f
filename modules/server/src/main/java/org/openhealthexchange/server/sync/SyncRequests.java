package org.openhealthexchange.server.sync;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.openhealthexchange.core.record.DataType;
import org.openhealthexchange.core.record.HealthRecord;
import org.openhealthexchange.core.spi.FetchRequest;
import org.openhealthexchange.core.spi.ProviderException;
import org.openhealthexchange.core.spi.PublishResult;
import org.openhealthexchange.server.connections.ConnectionCredentials;
import org.openhealthexchange.server.connections.ProviderConnection;
import org.openhealthexchange.server.coordination.VendorCallBudget;
import org.openhealthexchange.server.http.ApiException;
import org.openhealthexchange.server.jobs.EnqueueResult;
import org.openhealthexchange.server.providers.ProviderRegistry;

/** The API-triggered syncs: a device sync answered synchronously, and backfills of historical ranges. */
@ApplicationScoped
public class SyncRequests {

    static final Duration MAX_BACKFILL = Duration.ofDays(366 * 2);
    private static final DateTimeFormatter SYNC_ID =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private final ProviderRegistry registry;
    private final ConnectionCredentials tokens;
    private final SinkRouter sinks;
    private final SyncScheduler scheduler;
    private final VendorCallBudget budget;
    private final Clock clock = Clock.systemUTC();

    SyncRequests(
            ProviderRegistry registry,
            ConnectionCredentials tokens,
            SinkRouter sinks,
            SyncScheduler scheduler,
            VendorCallBudget budget) {
        this.budget = budget;
        this.registry = registry;
        this.tokens = tokens;
        this.sinks = sinks;
        this.scheduler = scheduler;
    }

    private ProviderConnection activeLink(String user, String provider) {
        ProviderConnection link = QuarkusTransaction.requiringNew()
                .call(() -> ProviderConnection.forUser(provider, user).orElse(null));
        if (link == null || !link.active) {
            throw ApiException.notFound("No active " + provider + " link for ehr_user_id '" + user + "'");
        }
        return link;
    }

    /** Fetches the user's devices now and publishes them; answers in the seed's shape. */
    public SyncApi.DeviceSyncResult deviceSync(String user, String provider) {
        ProviderConnection link = activeLink(user, provider);
        var adapter = registry.adapter(provider).orElseThrow();
        Instant now = clock.instant();
        List<HealthRecord> devices = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        int associations = 0;
        try {
            adapter.fetch(
                    new FetchRequest(
                            user,
                            link.externalUserId,
                            now.minus(Duration.ofDays(1)),
                            now,
                            Set.of(DataType.DEVICE),
                            Optional.empty(),
                            tokens.forConnection(link.id),
                            budget),
                    devices::addAll);
            for (PublishResult r : sinks.publish(link, "device-sync-" + link.id + "-" + now.toEpochMilli(), devices)) {
                for (var e : r.entries()) {
                    if (e.status() == PublishResult.Status.FAILED) {
                        errors.add(e.sourceId() + ": " + e.error());
                    } else {
                        associations++;
                    }
                }
            }
        } catch (ProviderException e) {
            errors.add(e.kind().name().toLowerCase() + ": " + e.getMessage());
        }
        return new SyncApi.DeviceSyncResult(
                errors.isEmpty() ? "Device sync completed" : "Device sync completed with errors",
                "device-sync-" + SYNC_ID.format(now),
                user,
                provider,
                devices.size(),
                associations,
                errors.isEmpty(),
                errors);
    }

    /** Queues the sync of a historical range in chunks. */
    public SyncApi.BackfillResult backfill(String user, String provider, String start, String end, boolean force) {
        Map<String, Object> errors = new LinkedHashMap<>();
        Instant from = instant(errors, "start", start, false);
        Instant to = instant(errors, "end", end, true);
        if (from != null && to != null && !from.isBefore(to)) {
            errors.put("end", List.of("Must be after start."));
        } else if (from != null && to != null && Duration.between(from, to).compareTo(MAX_BACKFILL) > 0) {
            errors.put("start", List.of("A backfill covers at most two years."));
        }
        if (to != null && to.isAfter(clock.instant().plus(Duration.ofDays(1)))) {
            errors.put("end", List.of("Must not be in the future."));
        }
        if (!errors.isEmpty()) {
            throw ApiException.validation(errors);
        }
        ProviderConnection link = activeLink(user, provider);
        var results = scheduler.backfill(link, from, to, from.getEpochSecond() + "-" + to.getEpochSecond(), force);
        List<Long> jobIds = results.stream().map(EnqueueResult::jobId).toList();
        List<Long> queued = results.stream()
                .filter(EnqueueResult::created)
                .map(EnqueueResult::jobId)
                .toList();
        List<Long> existing = results.stream()
                .filter(r -> !r.created())
                .map(EnqueueResult::jobId)
                .toList();
        return new SyncApi.BackfillResult(
                queued.isEmpty()
                        ? "Backfill already requested: no new job was queued"
                                + (force ? "" : " (send \"force\": true to sync a range that was synced already)")
                        : existing.isEmpty() ? "Backfill queued" : "Backfill partly queued",
                user,
                provider,
                from.toString(),
                to.toString(),
                queued.size(),
                jobIds,
                queued,
                existing,
                force);
    }

    /** A date ({@code 2025-10-06}: its start, or for an end the next day's start) or an ISO instant with offset. */
    private static Instant instant(Map<String, Object> errors, String field, String value, boolean end) {
        if (value == null || value.isBlank()) {
            errors.put(field, List.of("This field is required."));
            return null;
        }
        try {
            if (value.length() == 10) {
                LocalDate d = LocalDate.parse(value);
                return (end ? d.plusDays(1) : d).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            errors.put(field, List.of("Use YYYY-MM-DD or an ISO-8601 date-time with offset."));
            return null;
        }
    }
}
