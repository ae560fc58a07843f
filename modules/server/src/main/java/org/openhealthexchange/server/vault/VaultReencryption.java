package org.openhealthexchange.server.vault;

import io.agroal.api.AgroalDataSource;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.jboss.logging.Logger;
import org.openhealthexchange.server.config.OheConfig;

/**
 * Re-encrypts, in the background, values still under a rotated-out key (any key id but the active one), so that
 * an old key can be removed from {@code ohe.vault.keys} once nothing uses it. Bounded batches, one transaction
 * each; rows are taken {@code FOR UPDATE SKIP LOCKED}, so nodes running at once (or a token refresh writing the same
 * row) never wait on or overwrite each other, and a value already under the active key is never touched again.
 * Values this node cannot decrypt are left as they are (logged).
 */
@ApplicationScoped
public class VaultReencryption {

    private static final Logger LOG = Logger.getLogger(VaultReencryption.class);

    private final TokenVault vault;
    private final AgroalDataSource dataSource;
    private final OheConfig.Vault config;

    VaultReencryption(TokenVault vault, AgroalDataSource dataSource, OheConfig config) {
        this.vault = vault;
        this.dataSource = dataSource;
        this.config = config.vault();
    }

    @Scheduled(
            identity = "ohe-vault-reencryption",
            every = "${ohe.vault.reencrypt-every:PT10M}",
            delay = 1,
            delayUnit = java.util.concurrent.TimeUnit.MINUTES,
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        Result r = run(dataSource, vault, config.reencryptBatchSize(), config.reencryptMaxPerRun());
        if (r.reencrypted() > 0 || r.undecryptable() > 0) {
            LOG.infof(
                    "Re-encrypted %d value(s) under vault key '%s'; %d could not be decrypted and were left",
                    r.reencrypted(), vault.activeKeyId(), r.undecryptable());
        }
    }

    /** What one run did. */
    public record Result(int reencrypted, int undecryptable) {}

    /** One pass over every encrypted column, at most {@code maxRows} values in batches of {@code batchSize}. */
    public static Result run(DataSource dataSource, TokenVault vault, int batchSize, int maxRows) {
        int done = 0;
        int failed = 0;
        for (VaultColumns.Column column : VaultColumns.ALL) {
            Object after = null;
            while (done + failed < maxRows) {
                Batch b = batch(dataSource, vault, column, after, Math.min(batchSize, maxRows - done - failed));
                done += b.reencrypted;
                failed += b.undecryptable;
                if (b.last == null || b.rows < batchSize) {
                    break;
                }
                after = b.last;
            }
        }
        return new Result(done, failed);
    }

    private record Batch(int rows, int reencrypted, int undecryptable, Object last) {}

    private static Batch batch(
            DataSource dataSource, TokenVault vault, VaultColumns.Column col, Object after, int limit) {
        String prefix = vault.activeKeyId() + ":";
        String select = "SELECT " + col.keyColumn() + ", " + col.column() + " FROM " + col.table()
                + " WHERE " + col.column() + " IS NOT NULL AND left(" + col.column() + ", ?) <> ?"
                + " AND (" + col.live() + ")" + (after == null ? "" : " AND " + col.keyColumn() + " > ?")
                + " ORDER BY " + col.keyColumn() + " LIMIT ? FOR UPDATE SKIP LOCKED";
        String update = "UPDATE " + col.table() + " SET " + col.column() + " = ? WHERE " + col.keyColumn() + " = ? AND "
                + col.column() + " = ?";
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                List<Object> keys = new ArrayList<>();
                List<String> values = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement(select)) {
                    int i = 1;
                    ps.setInt(i++, prefix.length());
                    ps.setString(i++, prefix);
                    if (after != null) {
                        ps.setObject(i++, after);
                    }
                    ps.setInt(i, limit);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            keys.add(rs.getObject(1));
                            values.add(rs.getString(2));
                        }
                    }
                }
                int reencrypted = 0;
                int undecryptable = 0;
                try (PreparedStatement ps = c.prepareStatement(update)) {
                    for (int i = 0; i < keys.size(); i++) {
                        String fresh;
                        try {
                            fresh = vault.encrypt(vault.decrypt(values.get(i)));
                        } catch (VaultDecryptionException e) {
                            undecryptable++;
                            LOG.warnf("%s of row %s cannot be re-encrypted: %s", col, keys.get(i), e.getMessage());
                            continue;
                        }
                        ps.setString(1, fresh);
                        ps.setObject(2, keys.get(i));
                        ps.setString(3, values.get(i));
                        ps.addBatch();
                        reencrypted++;
                    }
                    if (reencrypted > 0) {
                        ps.executeBatch();
                    }
                }
                c.commit();
                return new Batch(
                        keys.size(), reencrypted, undecryptable, keys.isEmpty() ? null : keys.get(keys.size() - 1));
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Re-encryption of " + col + " failed: " + e.getMessage(), e);
        }
    }
}
