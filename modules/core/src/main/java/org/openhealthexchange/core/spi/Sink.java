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

    /**
     * Removes what this sink holds from a window the vendor deleted data in (see {@link Retraction}); returns how
     * many resources or rows it removed. Sinks that never delete (SQLHK) keep the default, which removes nothing.
     */
    default int retract(Retraction retraction) {
        return 0;
    }
}
