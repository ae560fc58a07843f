package org.openhealthexchange.server.coordination;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeoutException;
import org.openhealthexchange.core.spi.ClusterLock;

/**
 * {@link ClusterLock} on PostgreSQL session advisory locks (two-key form: a class of our own and the hash of the
 * lock's name), held on one connection for the duration of the work. Waiting polls {@code pg_try_advisory_lock}, so
 * an interrupt or the wait limit ends it.
 */
@ApplicationScoped
class AdvisoryClusterLock implements ClusterLock {

    /** The first key of every named lock ("CL" in ASCII), apart from the job queue's one-key locks. */
    private static final int LOCK_CLASS = 0x434C;

    private static final long RETRY_MILLIS = 10;

    private final AgroalDataSource dataSource;

    AdvisoryClusterLock(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public <T> T holding(String name, Duration maxWait, Callable<T> work) throws Exception {
        Instant giveUp = Instant.now().plus(maxWait);
        try (Connection c = dataSource.getConnection()) {
            while (!call(c, "SELECT pg_try_advisory_lock(?, hashtext(?))", name)) {
                if (Instant.now().isAfter(giveUp)) {
                    throw new TimeoutException("the lock " + name + " was not free within " + maxWait);
                }
                Thread.sleep(RETRY_MILLIS);
            }
            try {
                return work.call();
            } finally {
                call(c, "SELECT pg_advisory_unlock(?, hashtext(?))", name);
            }
        }
    }

    private static boolean call(Connection c, String sql, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setInt(1, LOCK_CLASS);
            ps.setString(2, name);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }
}
