package org.openhealthexchange.core.spi;

import java.util.List;
import java.util.Objects;
import org.openhealthexchange.core.record.HealthRecord;

/** Records of one subject from one provider, published together (one FHIR transaction, one JDBC batch). */
public record PublishBatch(String batchId, String provider, String ehrUserId, List<HealthRecord> records) {

    public PublishBatch {
        Objects.requireNonNull(batchId, "batchId");
        Objects.requireNonNull(provider, "provider");
        records = List.copyOf(records);
    }
}
