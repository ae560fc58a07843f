package org.openhealthexchange.server.providers;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.transaction.Transactional;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.openhealthexchange.core.spi.ProviderAdapter;

/**
 * The providers this deployment has: whatever {@link ProviderAdapter} beans CDI discovered. Each gets a stable row
 * in {@code provider} at start-up; nothing here names a provider.
 */
@ApplicationScoped
public class ProviderRegistry {

    private final Map<String, ProviderAdapter> adapters = new TreeMap<>();

    ProviderRegistry(@Any Instance<ProviderAdapter> discovered) {
        for (ProviderAdapter adapter : discovered) {
            ProviderAdapter previous = adapters.put(adapter.id(), adapter);
            if (previous != null) {
                throw new IllegalStateException("Two provider adapters with id " + adapter.id());
            }
        }
    }

    @Transactional
    void register(@Observes StartupEvent event) {
        for (ProviderAdapter adapter : adapters.values()) {
            ProviderEntity row = ProviderEntity.byType(adapter.id()).orElseGet(ProviderEntity::new);
            row.providerType = adapter.id();
            row.name = adapter.displayName();
            if (row.id == null) {
                row.persist();
            }
        }
    }

    /** Adapters by id, in id order. */
    public List<ProviderAdapter> adapters() {
        return List.copyOf(adapters.values());
    }

    public Optional<ProviderAdapter> adapter(String id) {
        return Optional.ofNullable(adapters.get(id));
    }

    /** The rows of the discovered providers, by id. */
    @Transactional
    public List<ProviderEntity> rows() {
        return ProviderEntity.<ProviderEntity>list("providerType in ?1", adapters.keySet()).stream()
                .sorted(Comparator.comparing(p -> p.id))
                .toList();
    }
}
