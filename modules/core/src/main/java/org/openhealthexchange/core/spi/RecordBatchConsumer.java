package org.openhealthexchange.core.spi;

import java.util.List;
import org.openhealthexchange.core.record.HealthRecord;

/** Receives the records of a fetch in batches, so that a large backfill never sits in memory at once. */
@FunctionalInterface
public interface RecordBatchConsumer {

    void accept(List<? extends HealthRecord> batch);
}
