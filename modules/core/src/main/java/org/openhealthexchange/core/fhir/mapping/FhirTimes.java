package org.openhealthexchange.core.fhir.mapping;

import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import java.time.Instant;
import java.util.Date;
import java.util.TimeZone;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.InstantType;

/**
 * Instants as FHIR date-times in UTC ({@code Z}), to the second (milliseconds only when the vendor gave them): the text is the
 * same whatever the JVM's zone, so re-sending a record produces byte-identical resources.
 */
final class FhirTimes {

    private static final TimeZone UTC = TimeZone.getTimeZone("UTC");

    private FhirTimes() {}

    static DateTimeType dateTime(Instant instant) {
        var dateTime = new DateTimeType(Date.from(instant), precision(instant), UTC);
        dateTime.setTimeZoneZulu(true);
        return dateTime;
    }

    static InstantType instant(Instant instant) {
        var fhirInstant = new InstantType(Date.from(instant), precision(instant), UTC);
        fhirInstant.setTimeZoneZulu(true);
        return fhirInstant;
    }

    private static TemporalPrecisionEnum precision(Instant instant) {
        return instant.getNano() == 0 ? TemporalPrecisionEnum.SECOND : TemporalPrecisionEnum.MILLI;
    }
}
