package org.openhealthexchange.server.local;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import java.util.List;
import java.util.OptionalInt;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * When {@code ohe.local-postgres.enabled} is true (the local profile), supplies the datasource URL of an embedded
 * PostgreSQL, started the first time the URL is read: that is, before the datasource, and never in other profiles.
 */
public class LocalPostgresConfigSourceFactory implements ConfigSourceFactory {

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        if (!"true".equalsIgnoreCase(value(context, "ohe.local-postgres.enabled", "false"))) {
            return List.of();
        }
        String dataDir = value(context, "ohe.local-postgres.data-dir", ".local-data/postgres");
        int port = Integer.parseInt(value(context, "ohe.local-postgres.port", "0"));
        return List.of(new LocalPostgresConfigSource(dataDir, port));
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(LocalPostgresConfigSource.ORDINAL);
    }

    private static String value(ConfigSourceContext context, String name, String fallback) {
        ConfigValue v = context.getValue(name);
        return v == null || v.getValue() == null || v.getValue().isBlank() ? fallback : v.getValue();
    }
}
