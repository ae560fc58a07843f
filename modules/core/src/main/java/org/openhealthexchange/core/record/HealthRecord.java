package org.openhealthexchange.core.record;

/**
 * A normalized record produced by a provider adapter. {@link #sourceId()} is the vendor's stable id for it,
 * so that publishing the same record twice is recognisably the same record.
 */
public sealed interface HealthRecord permits Measurement, Series, Ecg, Appointment, PatientInfo, DeviceInfo {

    /** Id of the provider that produced the record (lowercase, e.g. {@code withings}). */
    String provider();

    /** The vendor's stable identifier of this record. */
    String sourceId();

    DataType type();
}
