package org.openhealthexchange.sink.sqlhk;

import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.sql.SQLException;
import org.openhealthexchange.core.spi.PublishBatch;
import org.openhealthexchange.core.spi.PublishResult;
import org.openhealthexchange.core.spi.Sink;

/**
 * SQLHK, the practice's cardiology database, over a named datasource ({@code ohe.sink.sqlhk.datasource}): CallDoc
 * patients and appointments become {@code Patient} and {@code Untersuchung} rows. Each batch is one transaction.
 * Qualified by {@code @Identifier}, not {@code @Named}: the datasource bean already carries the bean name
 * {@code sqlhk}, and bean names must be unique. The server finds sinks by {@link #id()} either way.
 */
@ApplicationScoped
@Identifier("sqlhk")
public class SqlhkSink implements Sink {

    private final SqlhkConfig config;
    private final Instance<AgroalDataSource> dataSources;
    private volatile SqlhkWriter writer;

    /** The datasource is looked up lazily: a deployment without SQLHK configured must still start. */
    @Inject
    public SqlhkSink(SqlhkConfig config, @Any Instance<AgroalDataSource> dataSources) {
        this.config = config;
        this.dataSources = dataSources;
    }

    void createSchema(@Observes StartupEvent started) throws SQLException {
        if (config.enabled() && config.createSchema()) {
            SqlhkSchema.create(dataSource());
        }
    }

    private AgroalDataSource dataSource() {
        return dataSources
                .select(new DataSource.DataSourceLiteral(config.datasource()))
                .get();
    }

    @Override
    public String id() {
        return "sqlhk";
    }

    @Override
    public PublishResult publish(PublishBatch batch) {
        if (!config.enabled()) {
            return new PublishResult(batch.records().stream()
                    .map(r -> new PublishResult.EntryOutcome(
                            r.sourceId(), PublishResult.Status.FAILED, null, "the SQLHK sink is disabled"))
                    .toList());
        }
        SqlhkWriter w = writer;
        if (w == null) {
            w = new SqlhkWriter(dataSource(), SqlhkFormats.typeMap(config.appointmentTypes()), config.practiceZone());
            writer = w;
        }
        return w.write(batch);
    }
}
