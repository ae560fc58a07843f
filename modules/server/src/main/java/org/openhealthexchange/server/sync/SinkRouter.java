package org.openhealthexchange.server.sync;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Named;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.openhealthexchange.core.record.HealthRecord;
import org.openhealthexchange.core.spi.PublishBatch;
import org.openhealthexchange.core.spi.PublishResult;
import org.openhealthexchange.core.spi.Sink;
import org.openhealthexchange.server.config.OheConfig;
import org.openhealthexchange.server.connections.ProviderConnection;

/**
 * Sends a provider's records to the sinks configured for it ({@code ohe.pipeline.sinks.<provider>}, else
 * {@code ohe.pipeline.default-sinks}). Sinks are found by their {@code @Named} id; no sink is named here.
 */
@ApplicationScoped
public class SinkRouter implements org.openhealthexchange.core.spi.SinkDirectory {

    private final Map<String, Sink> sinks = new HashMap<>();
    private final OheConfig.Pipeline config;

    SinkRouter(@Any Instance<Sink> discovered, OheConfig config) {
        for (var handle : discovered.handles()) {
            Named named = handle.getBean().getQualifiers().stream()
                    .filter(Named.class::isInstance)
                    .map(Named.class::cast)
                    .findFirst()
                    .orElse(null);
            Sink sink = handle.get();
            sinks.put(named != null ? named.value() : sink.id(), sink);
        }
        this.config = config.pipeline();
    }

    @Override
    public List<String> sinkIds(String provider) {
        return config.sinks().getOrDefault(provider, config.defaultSinks());
    }

    /** The deployed sink with this id, if any. */
    @Override
    public java.util.Optional<Sink> sink(String id) {
        return java.util.Optional.ofNullable(sinks.get(id));
    }

    /** Retracts from every sink of the provider (see {@link Sink#retract}); returns how many items went. */
    public int retract(ProviderConnection link, org.openhealthexchange.core.spi.Retraction retraction) {
        int removed = 0;
        for (String id : sinkIds(link.provider)) {
            Sink sink = sinks.get(id);
            if (sink == null) {
                throw new IllegalStateException(
                        "Sink '" + id + "' configured for " + link.provider + " is not deployed");
            }
            removed += sink.retract(retraction);
        }
        return removed;
    }

    /** Publishes to every sink of the provider, in batches of {@code ohe.pipeline.batch-size}. */
    public List<PublishResult> publish(ProviderConnection link, String batchIdPrefix, List<HealthRecord> records) {
        List<PublishResult> results = new ArrayList<>();
        for (String id : sinkIds(link.provider)) {
            Sink sink = sinks.get(id);
            if (sink == null) {
                throw new IllegalStateException(
                        "Sink '" + id + "' configured for " + link.provider + " is not deployed");
            }
            for (int from = 0; from < records.size(); from += config.batchSize()) {
                var chunk = records.subList(from, Math.min(records.size(), from + config.batchSize()));
                results.add(sink.publish(new PublishBatch(
                        batchIdPrefix + "-" + id + "-" + from,
                        link.provider,
                        link.ehrUserId,
                        link.externalUserId,
                        chunk)));
            }
        }
        return results;
    }
}
