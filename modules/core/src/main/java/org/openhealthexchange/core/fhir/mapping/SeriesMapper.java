package org.openhealthexchange.core.fhir.mapping;

import java.math.BigDecimal;
import java.time.Duration;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.SampledData;
import org.hl7.fhir.r4.model.SimpleQuantity;
import org.openhealthexchange.core.record.Series;

/** An evenly sampled series to ONE Observation with {@code valueSampledData} over {@code effectivePeriod}. */
final class SeriesMapper {

    private SeriesMapper() {}

    static Observation map(Series series, MappingContext ctx) {
        var code = ObservationCodes.forSeries(series.type())
                .orElseThrow(() -> new UnmappableRecordException(
                        "no FHIR code for a " + series.type().code() + " series"));
        if (series.samples().length == 0) {
            throw new UnmappableRecordException("series has no samples");
        }
        var obs = Observations.base(RecordKinds.keyOf(series, ctx), code, ctx);
        obs.setEffective(new Period()
                .setStartElement(FhirTimes.dateTime(series.start()))
                .setEndElement(FhirTimes.dateTime(series.end())));
        obs.setValue(sampledData(series.samples(), series.ucumUnit(), millis(series.interval())));
        Observations.device(obs, series.provider(), series.deviceId(), ctx);
        return obs;
    }

    static SampledData sampledData(double[] samples, String ucum, BigDecimal periodMillis) {
        return new SampledData()
                .setOrigin(origin(ucum))
                .setPeriod(periodMillis)
                .setDimensions(1)
                .setData(SampledDataText.of(samples));
    }

    static SimpleQuantity origin(String ucum) {
        var origin = new SimpleQuantity();
        origin.setValue(BigDecimal.ZERO)
                .setUnit(ucum)
                .setSystem(ObservationCode.UCUM)
                .setCode(ucum);
        return origin;
    }

    private static BigDecimal millis(Duration interval) {
        return plain(new BigDecimal(interval.toNanos()).movePointLeft(6));
    }

    /** Without trailing zeros and never in exponent form (60000, not 6E+4). */
    static BigDecimal plain(BigDecimal value) {
        var stripped = value.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }
}
