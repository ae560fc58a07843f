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
import org.openhealthexchange.core.spi.ClusterLock;
import org.openhealthexchange.core.spi.PublishBatch;
import org.openhealthexchange.core.spi.PublishResult;
import org.openhealthexchange.core.spi.Sink;

/**
 * SQLHK, the practice's cardiology database, over a named datasource ({@code ohe.sink.sqlhk.datasource}): CallDoc
 * patients and appointments become {@code Patient} and {@code Untersuchung} rows. Each batch is one transaction.
 * Qualified by {@code @Identifier}, not {@code @Named}: the datasource bean already carries the bean name
 * {@code sqlhk}, and bean names must be unique. The server finds sinks by {@link #id()} either way.
 *
 * <p>Batches are written one at a time across all replicas, holding the cluster lock {@code sqlhk-write} (a
 * {@link ClusterLock} of the server): two batches at once (a full day and a single patient, or two days sharing a
 * patient) would otherwise both find a patient missing and both insert it, since SQLHK has no unique key on
 * M1Ziffer to stop them. Writes are short, so waiting costs little; a caller that is interrupted while waiting (a
 * job past its deadline) stops waiting.
 */
@ApplicationScoped
@Identifier("sqlhk")
public class SqlhkSink implements Sink {

    private final SqlhkConfig config;
    static final String WRITE_LOCK = "sqlhk-write";

    private final Instance<AgroalDataSource> dataSources;
    private final Instance<ClusterLock> locks;
    private volatile SqlhkWriter writer;

    /** The datasource is looked up lazily: a deployment without SQLHK configured must still start. */
    @Inject
    public SqlhkSink(SqlhkConfig config, @Any Instance<AgroalDataSource> dataSources, Instance<ClusterLock> locks) {
        this.config = config;
        this.dataSources = dataSources;
        this.locks = locks;
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
        SqlhkWriter target = w;
        if (!locks.isResolvable()) {
            return target.write(batch); // no cluster (a test of the sink alone)
        }
        try {
            return locks.get().holding(WRITE_LOCK, config.writeLockWait(), () -> target.write(batch));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the SQLHK write lock", e);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("the SQLHK write lock: " + e.getMessage(), e);
        }
    }
}
