package org.openhealthexchange.server.local;

import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.spi.ConfigSource;

/** Datasource settings of the embedded PostgreSQL; reading any of them starts the database (once per JVM). */
final class LocalPostgresConfigSource implements ConfigSource {

    /** Above application.properties (250) and below environment variables (300) and system properties (400). */
    static final int ORDINAL = 275;

    private static final String URL = "quarkus.datasource.jdbc.url";
    private static final String USER = "quarkus.datasource.username";
    private static final String PASSWORD = "quarkus.datasource.password";

    private final String dataDir;
    private final int port;

    LocalPostgresConfigSource(String dataDir, int port) {
        this.dataDir = dataDir;
        this.port = port;
    }

    @Override
    public Set<String> getPropertyNames() {
        return Set.of(URL, USER, PASSWORD);
    }

    @Override
    public Map<String, String> getProperties() {
        return Map.of(URL, LocalPostgres.start(dataDir, port), USER, LocalPostgres.USER, PASSWORD, "");
    }

    @Override
    public String getValue(String propertyName) {
        return switch (propertyName) {
            case URL -> LocalPostgres.start(dataDir, port);
            case USER -> LocalPostgres.USER;
            case PASSWORD -> "";
            default -> null;
        };
    }

    @Override
    public int getOrdinal() {
        return ORDINAL;
    }

    @Override
    public String getName() {
        return "ohe-local-postgres";
    }
}
