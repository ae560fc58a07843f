package org.openhealthexchange.sink.sqlhk;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.ZoneId;
import java.util.List;

/** Configuration of the SQLHK sink ({@code ohe.sink.sqlhk.*}); the connection is a Quarkus named datasource. */
@ConfigMapping(prefix = "ohe.sink.sqlhk")
public interface SqlhkConfig {

    /** Whether the sink writes at all; when false every record is reported failed. */
    @WithDefault("true")
    boolean enabled();

    /** The Quarkus named datasource to write through: {@code sqlhk} (SQL Server) in prod, an H2 one locally. */
    @WithDefault("sqlhk")
    String datasource();

    /** CallDoc appointment type to SQLHK UntersuchungartID, as {@code type=id} pairs. */
    @WithDefault("24=1,25=8")
    List<String> appointmentTypes();

    /**
     * The practice's time zone: SQLHK's {@code Datum} and {@code Zeit} are wall-clock time there, converted from the
     * appointment's exact instant (in the hour repeated when summer time ends, two instants show the same Zeit, as
     * the practice's clocks did).
     */
    @WithDefault("Europe/Berlin")
    ZoneId practiceZone();

    /**
     * Create the SQLHK tables (H2 syntax) at start-up when missing. Only for the local profile and tests on H2;
     * never against the real SQL Server, whose schema SQLHK owns.
     */
    @WithDefault("false")
    boolean createSchema();

    /** Longest wait for the cluster-wide SQLHK write lock before a batch fails (writes are serialised). */
    @WithDefault("PT60S")
    java.time.Duration writeLockWait();
}
