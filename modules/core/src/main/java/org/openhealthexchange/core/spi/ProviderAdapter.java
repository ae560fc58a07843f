package org.openhealthexchange.core.spi;

/**
 * A source of health data (a device vendor or a practice system). Implementations are CDI beans
 * {@code @Named("<id>")}; the server discovers them, so adding a provider is adding a module.
 */
public interface ProviderAdapter {

    /** Lowercase id, the same in the module name, config prefix, metric tag and URL (e.g. {@code withings}). */
    String id();

    /** Human readable name shown in the providers list (e.g. {@code Withings}). */
    String displayName();

    /** What the provider can deliver and how it is triggered. */
    ProviderCapabilities capabilities();

    /**
     * Fetches the records of one subject in one window and hands them to {@code out} in batches.
     *
     * @throws ProviderException when the vendor refuses or fails; its {@link ProviderException#retryable()} decides
     *         whether the job is retried
     */
    FetchOutcome fetch(FetchRequest request, RecordBatchConsumer out) throws ProviderException;

    /**
     * The longest window one sync job fetches (backfills are cut into chunks of this length, ending at UTC
     * midnight). Seven days unless the vendor's paging and rate limits favour longer chunks.
     */
    default java.time.Duration syncChunk() {
        return java.time.Duration.ofDays(7);
    }

    /**
     * The identifier kinds ({@code urn:ohe:<provider>:<kind>}) of the records this adapter emits for {@code type}:
     * the type code for series, the metric for measurements. Used to retract data the vendor deleted.
     */
    default java.util.Set<String> recordKinds(org.openhealthexchange.core.record.DataType type) {
        return java.util.Set.of(type.code());
    }
}
