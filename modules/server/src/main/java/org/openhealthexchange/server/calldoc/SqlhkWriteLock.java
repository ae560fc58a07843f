package org.openhealthexchange.server.calldoc;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * Serialises SQLHK writes across all replicas with a PostgreSQL session advisory lock. Two tasks that run at once
 * (a full day and a single patient, or two days sharing a patient) would otherwise both find a patient missing and
 * both insert it; SQLHK has no unique key on M1Ziffer to stop them. Writes are short, so waiting costs little.
 */
@ApplicationScoped
class SqlhkWriteLock {

    /** Advisory lock key ("SQLHKW" in ASCII). */
    static final long KEY = 0x53514C484B57L;

    private static final long RETRY_MILLIS = 10;

    private final AgroalDataSource dataSource;

    SqlhkWriteLock(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Runs {@code write} holding the lock; gives up with a timeout when the lock is not free before the deadline. */
    <T> T holding(Instant deadline, Supplier<T> write) throws SQLException, InterruptedException {
        try (Connection c = dataSource.getConnection()) {
            while (!tryLock(c)) {
                if (deadline != null && Instant.now().isAfter(deadline)) {
                    throw new CallDocSyncRunner.TaskTimeoutException();
                }
                Thread.sleep(RETRY_MILLIS);
            }
            try {
                return write.get();
            } finally {
                try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_unlock(?)")) {
                    ps.setLong(1, KEY);
                    ps.execute();
                }
            }
        }
    }

    private static boolean tryLock(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
            ps.setLong(1, KEY);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }
}
