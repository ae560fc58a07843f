package org.openhealthexchange.core.fhir;

import ca.uhn.fhir.context.FhirContext;

/** The one R4 {@link FhirContext} of the application: it is expensive to build and thread-safe to share. */
public final class FhirContexts {

    private FhirContexts() {}

    /** The shared R4 context; create parsers from it per use, they are cheap and not thread-safe. */
    public static FhirContext r4() {
        return FhirContext.forR4Cached();
    }
}
