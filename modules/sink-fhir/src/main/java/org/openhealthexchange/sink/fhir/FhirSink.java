package org.openhealthexchange.sink.fhir;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.time.Clock;
import org.openhealthexchange.core.spi.PublishBatch;
import org.openhealthexchange.core.spi.PublishResult;
import org.openhealthexchange.core.spi.Retraction;
import org.openhealthexchange.core.spi.Sink;

/**
 * The EHR sink: FHIR R4 transactions of conditional updates (Observations, Devices) and conditional creates (the
 * rest), so publishing the same records twice is harmless and a corrected value replaces the stored one.
 */
@ApplicationScoped
@Named(FhirSink.ID)
public class FhirSink implements Sink {

    public static final String ID = "fhir";

    private final FhirPublisher publisher;

    @Inject
    public FhirSink(FhirSinkConfig config) {
        this.publisher = FhirPublisherFactory.create(FhirSinkSettings.from(config), Clock.systemUTC());
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public PublishResult publish(PublishBatch batch) {
        return publisher.publish(batch);
    }

    @Override
    public int retract(Retraction retraction) {
        return publisher.retract(retraction);
    }
}
