package org.openhealthexchange.core.fhir.mapping;

import java.util.List;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Observation;
import org.openhealthexchange.core.record.Measurement;

/** Single measurements to Observations, and systolic + diastolic of one group to one blood-pressure panel. */
final class MeasurementMapper {

    static final String SYSTOLIC = "systolic";
    static final String DIASTOLIC = "diastolic";

    private MeasurementMapper() {}

    static boolean isBloodPressure(Measurement m) {
        return SYSTOLIC.equals(m.metric()) || DIASTOLIC.equals(m.metric());
    }

    static Observation map(Measurement m, MappingContext ctx) {
        var code = ObservationCodes.forMetric(m.metric())
                .orElseThrow(() -> new UnmappableRecordException("no FHIR code for metric '" + m.metric() + "'"));
        var obs = Observations.base(RecordKinds.keyOf(m, ctx), code, ctx);
        obs.setEffective(instant(m));
        obs.setValue(code.quantity(m.value(), m.ucumUnit()));
        Observations.device(obs, m.provider(), m.deviceId(), ctx);
        return obs;
    }

    /** Both halves of one reading (same provider and groupId); the panel's identifier value is the group id. */
    static Observation panel(List<Measurement> group, MappingContext ctx) {
        var systolic = only(group, SYSTOLIC);
        var diastolic = only(group, DIASTOLIC);
        var obs = Observations.base(ctx.scoped(bloodPressureKey(systolic)), ObservationCodes.BP_PANEL, ctx);
        obs.setEffective(instant(systolic));
        obs.addComponent()
                .setCode(ObservationCodes.SYSTOLIC.toConcept())
                .setValue(ObservationCode.ucum(systolic.value(), systolic.ucumUnit()));
        obs.addComponent()
                .setCode(ObservationCodes.DIASTOLIC.toConcept())
                .setValue(ObservationCode.ucum(diastolic.value(), diastolic.ucumUnit()));
        Observations.device(
                obs,
                systolic.provider(),
                systolic.deviceId() != null ? systolic.deviceId() : diastolic.deviceId(),
                ctx);
        return obs;
    }

    static ResourceKey bloodPressureKey(Measurement m) {
        return ResourceKey.of(m.provider(), RecordKinds.BLOOD_PRESSURE, m.groupId());
    }

    private static Measurement only(List<Measurement> group, String metric) {
        var matching = group.stream().filter(m -> metric.equals(m.metric())).toList();
        if (matching.size() != 1) {
            throw new UnmappableRecordException(
                    "blood pressure group needs exactly one " + metric + " value, has " + matching.size());
        }
        return matching.get(0);
    }

    private static DateTimeType instant(Measurement m) {
        return FhirTimes.dateTime(m.effective());
    }
}
