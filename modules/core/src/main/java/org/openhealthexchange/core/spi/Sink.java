package org.openhealthexchange.core.spi;

/**
 * A destination of normalized records (the EHR over FHIR, SQLHK). Publishing must be idempotent: the same
 * record published twice changes nothing the second time. Implementations are CDI beans {@code @Named("<id>")}.
 */
public interface Sink {

    /** Lowercase id ({@code fhir}, {@code sqlhk}); also the config prefix {@code ohe.sink.<id>}. */
    String id();

    /** Publishes one batch and reports the outcome of every record in it. */
    PublishResult publish(PublishBatch batch);
}
