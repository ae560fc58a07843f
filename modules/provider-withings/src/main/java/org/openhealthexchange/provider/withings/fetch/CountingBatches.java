package org.openhealthexchange.provider.withings.fetch;

import java.util.List;
import org.openhealthexchange.core.record.HealthRecord;
import org.openhealthexchange.core.spi.RecordBatchConsumer;

/** Hands non-empty batches to the consumer and counts what went through, for {@code FetchOutcome.records}. */
final class CountingBatches {

    private final RecordBatchConsumer consumer;
    private long records;

    CountingBatches(RecordBatchConsumer consumer) {
        this.consumer = consumer;
    }

    void emit(List<? extends HealthRecord> batch) {
        if (batch.isEmpty()) {
            return;
        }
        consumer.accept(List.copyOf(batch));
        records += batch.size();
    }

    long records() {
        return records;
    }
}
