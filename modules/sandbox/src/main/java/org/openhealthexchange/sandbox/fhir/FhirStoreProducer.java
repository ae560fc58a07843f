package org.openhealthexchange.sandbox.fhir;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import org.openhealthexchange.sandbox.SandboxConfig;

/** The EHR simulator's one store per process. */
@Singleton
public class FhirStoreProducer {

    @Produces
    @Singleton
    FhirResourceStore store(SandboxConfig config) {
        return new FhirResourceStore(Clock.systemUTC(), config.fhir().conditionalReferences());
    }
}
