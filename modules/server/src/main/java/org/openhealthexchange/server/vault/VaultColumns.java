package org.openhealthexchange.server.vault;

import java.util.List;

/**
 * Every column that holds vault ciphertexts, with its table's key column: what the start-up check samples and
 * what {@link VaultReencryption} rewrites. A new encrypted column must be listed here.
 */
public final class VaultColumns {

    /**
     * One encrypted column: {@code table.column}, rows identified by {@code keyColumn}; {@code live} is the SQL
     * condition of rows whose value still matters (expired authorization requests do not).
     */
    public record Column(String table, String keyColumn, String column, String live) {
        @Override
        public String toString() {
            return table + "." + column;
        }
    }

    public static final List<Column> ALL = List.of(
            new Column("provider_link", "id", "access_token_enc", "TRUE"),
            new Column("provider_link", "id", "refresh_token_enc", "TRUE"),
            new Column("oauth_state", "state", "code_verifier_enc", "expires_at > now()"),
            // Job results (a provider's task results can hold a patient's name and date of birth), sealed by the
            // job engine (JobWorker, JobAttempt#result).
            new Column("sync_job", "id", "result_sealed", "TRUE"));

    private VaultColumns() {}
}
