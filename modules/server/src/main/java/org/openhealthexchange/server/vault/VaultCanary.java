package org.openhealthexchange.server.vault;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * The start-up check of the vault against the database, so that a wrong key stops the start with a message naming
 * the key id instead of dead-lettering every sync later.
 *
 * <ol>
 *   <li>Every canary in {@code vault_canary} whose key id is configured must decrypt to the known plaintext (a key
 *       id configured with other key material fails here).</li>
 *   <li>Every key id that stored ciphertexts name ({@link VaultColumns}) must be configured, and one sample per key
 *       id must decrypt (this also covers a database that has secrets from before its first canary).</li>
 *   <li>First start of a key: no canary for the active key yet, so one is written (concurrent starts of several
 *       nodes write one; the others check it).</li>
 * </ol>
 */
public final class VaultCanary {

    private static final Logger LOG = Logger.getLogger(VaultCanary.class);
    static final String PLAINTEXT = "open-health-exchange vault canary";

    /** The start must not go on: the vault does not match the database. */
    public static final class VaultMismatch extends IllegalStateException {
        VaultMismatch(String message) {
            super(message);
        }
    }

    private VaultCanary() {}

    /** Checks the vault against the database (and writes the active key's first canary); throws {@link VaultMismatch}. */
    public static void check(DataSource dataSource, TokenVault vault) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            Map<String, String> canaries = canaries(c);
            for (var e : canaries.entrySet()) {
                if (vault.hasKey(e.getKey())) {
                    requireCanary(vault, e.getKey(), e.getValue());
                }
            }
            for (VaultColumns.Column column : VaultColumns.ALL) {
                for (var sample : samples(c, column).entrySet()) {
                    requireSample(vault, column, sample.getKey(), sample.getValue());
                }
            }
            if (!canaries.containsKey(vault.activeKeyId())) {
                writeCanary(c, vault);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("The vault check could not read the database: " + e.getMessage(), e);
        }
    }

    private static void requireCanary(TokenVault vault, String keyId, String ciphertext) {
        String plain;
        try {
            plain = vault.decrypt(ciphertext);
        } catch (VaultDecryptionException e) {
            plain = null;
        }
        if (!PLAINTEXT.equals(plain)) {
            throw new VaultMismatch("Vault key '" + keyId + "' does not decrypt the vault canary: the key configured"
                    + " under id '" + keyId + "' (ohe.vault.keys) is not the key this database's secrets were"
                    + " encrypted with. Configure the original key for '" + keyId + "'.");
        }
    }

    private static void requireSample(TokenVault vault, VaultColumns.Column column, String keyId, String sample) {
        if (!vault.hasKey(keyId)) {
            throw new VaultMismatch("Stored secrets (" + column + ") are encrypted with vault key '" + keyId
                    + "', which is not configured (ohe.vault.keys). Add key '" + keyId + "' again; it can be"
                    + " removed once no ciphertext uses it any more.");
        }
        try {
            vault.decrypt(sample);
        } catch (VaultDecryptionException e) {
            throw new VaultMismatch("Vault key '" + keyId + "' does not decrypt the stored secrets (" + column
                    + "): the key configured under id '" + keyId + "' (ohe.vault.keys) is not the one they were"
                    + " encrypted with.");
        }
    }

    private static Map<String, String> canaries(Connection c) throws SQLException {
        Map<String, String> out = new LinkedHashMap<>();
        try (var s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT key_id, ciphertext FROM vault_canary")) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getString(2));
            }
        }
        return out;
    }

    /** One ciphertext per key id that the column's values name. */
    private static Map<String, String> samples(Connection c, VaultColumns.Column column) throws SQLException {
        String sql = "SELECT split_part(" + column.column() + ", ':', 1), min(" + column.column() + ") FROM "
                + column.table() + " WHERE " + column.column() + " IS NOT NULL AND (" + column.live() + ") GROUP BY 1";
        Map<String, String> out = new LinkedHashMap<>();
        try (var s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getString(2));
            }
        }
        return out;
    }

    private static void writeCanary(Connection c, TokenVault vault) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO vault_canary (key_id, ciphertext) VALUES (?, ?) ON CONFLICT (key_id) DO NOTHING")) {
            ps.setString(1, vault.activeKeyId());
            ps.setString(2, vault.encrypt(PLAINTEXT));
            if (ps.executeUpdate() == 1) {
                LOG.infof("Wrote the vault canary of key '%s'", vault.activeKeyId());
                return;
            }
        }
        // Another node wrote it first: it must decrypt with our key too.
        requireCanary(vault, vault.activeKeyId(), canaries(c).get(vault.activeKeyId()));
    }
}
