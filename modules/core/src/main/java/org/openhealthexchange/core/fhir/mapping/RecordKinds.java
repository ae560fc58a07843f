package org.openhealthexchange.core.fhir.mapping;

import org.openhealthexchange.core.record.DataType;
import org.openhealthexchange.core.record.HealthRecord;
import org.openhealthexchange.core.record.Measurement;

/**
 * The {@code <kind>} in {@code urn:ohe:<provider>:<kind>}: the record's type code, except for measurements, which
 * use their metric (the type code unless the adapter set another). One Withings measure group yields weight,
 * fat ratio and fat mass with the same vendor group id; the metric keeps their identifiers apart.
 */
final class RecordKinds {

    static final String DEVICE = DataType.DEVICE.code();
    static final String PATIENT = DataType.PATIENT.code();
    static final String BLOOD_PRESSURE = DataType.BLOOD_PRESSURE.code();

    private RecordKinds() {}

    static String of(HealthRecord record) {
        return record instanceof Measurement m ? m.metric() : record.type().code();
    }

    /** The key of {@code record} as written for the vendor account of {@code ctx}. */
    static ResourceKey keyOf(HealthRecord record, MappingContext ctx) {
        return ctx.key(record.provider(), of(record), record.sourceId());
    }
}
