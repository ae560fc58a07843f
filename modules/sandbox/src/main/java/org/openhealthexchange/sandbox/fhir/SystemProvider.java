package org.openhealthexchange.sandbox.fhir;

import ca.uhn.fhir.rest.annotation.Transaction;
import ca.uhn.fhir.rest.annotation.TransactionParam;
import org.hl7.fhir.r4.model.Bundle;

/** {@code POST [base]} with a {@code transaction} or {@code batch} Bundle. */
public final class SystemProvider {

    private final FhirResourceStore store;

    SystemProvider(FhirResourceStore store) {
        this.store = store;
    }

    @Transaction
    public Bundle transaction(@TransactionParam Bundle bundle) {
        return store.process(bundle);
    }
}
