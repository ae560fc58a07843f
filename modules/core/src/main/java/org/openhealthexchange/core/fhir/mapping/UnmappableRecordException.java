package org.openhealthexchange.core.fhir.mapping;

/** A record that has no FHIR representation; the message says why (it names no patient data). */
public class UnmappableRecordException extends RuntimeException {

    public UnmappableRecordException(String message) {
        super(message);
    }
}
