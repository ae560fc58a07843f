package org.openhealthexchange.core.spi;

import java.util.List;
import java.util.Objects;
import org.openhealthexchange.core.record.HealthRecord;

/**
 * Records of one subject from one provider, published together (one FHIR transaction, one JDBC batch).
 * {@code ehrUserId} is the EHR user they belong to, or null for an organisation's records (a practice's
 * appointments and patients name their patients themselves); {@code account} is the vendor account they came from
 * (the vendor's user id, the practice installation), which scopes every identifier written for them.
 */
public record PublishBatch(
        String batchId, String provider, String ehrUserId, String account, List<HealthRecord> records) {

    public PublishBatch {
        Objects.requireNonNull(batchId, "batchId");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(account, "account");
        records = List.copyOf(records);
    }
}
