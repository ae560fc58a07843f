package org.openhealthexchange.core.fhir.mapping;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.hl7.fhir.r4.model.Resource;
import org.openhealthexchange.core.fhir.mapping.MappingResult.MappedResource;
import org.openhealthexchange.core.fhir.mapping.MappingResult.UnmappedRecord;
import org.openhealthexchange.core.record.Appointment;
import org.openhealthexchange.core.record.DeviceInfo;
import org.openhealthexchange.core.record.Ecg;
import org.openhealthexchange.core.record.HealthRecord;
import org.openhealthexchange.core.record.Measurement;
import org.openhealthexchange.core.record.PatientInfo;
import org.openhealthexchange.core.record.Series;

/**
 * Normalized records to FHIR R4 resources (LOINC + UCUM, vital-signs profiles where they apply). Every resource
 * carries its {@link ResourceKey} as identifier. Stateless and thread-safe: one instance serves the application.
 */
public final class FhirMapper {

    /** The resources for {@code records}, in the records' order; throws if any record cannot be mapped. */
    public List<Resource> map(List<? extends HealthRecord> records, MappingContext ctx) {
        var result = mapAll(records, ctx);
        if (!result.unmapped().isEmpty()) {
            var first = result.unmapped().get(0);
            throw new UnmappableRecordException(result.unmapped().size() + " record(s) cannot be mapped, first "
                    + first.record().provider() + "/" + first.record().sourceId() + ": " + first.reason());
        }
        return result.resources().stream().map(MappedResource::resource).toList();
    }

    /**
     * Maps what can be mapped and reports the rest, keeping for each resource the records it came from
     * (what a sink needs to report an outcome per record). A blood-pressure panel takes the place of its first half.
     */
    public MappingResult mapAll(List<? extends HealthRecord> records, MappingContext ctx) {
        Objects.requireNonNull(ctx, "ctx");
        Map<ResourceKey, List<Measurement>> bloodPressure = bloodPressureGroups(records);
        List<MappedResource> mapped = new ArrayList<>(records.size());
        List<UnmappedRecord> unmapped = new ArrayList<>();
        for (HealthRecord record : records) {
            if (record instanceof Measurement m && MeasurementMapper.isBloodPressure(m)) {
                if (m.groupId() == null) {
                    unmapped.add(new UnmappedRecord(m, "blood pressure value without a groupId"));
                    continue;
                }
                var group = bloodPressure.remove(MeasurementMapper.bloodPressureKey(m));
                if (group != null) { // null: the panel was emitted at the group's first member
                    mapGroup(group, ctx, mapped, unmapped);
                }
                continue;
            }
            try {
                mapped.add(new MappedResource(mapOne(record, ctx), RecordKinds.keyOf(record, ctx), List.of(record)));
            } catch (UnmappableRecordException e) {
                unmapped.add(new UnmappedRecord(record, e.getMessage()));
            }
        }
        return new MappingResult(mapped, unmapped);
    }

    private static void mapGroup(
            List<Measurement> group, MappingContext ctx, List<MappedResource> mapped, List<UnmappedRecord> unmapped) {
        try {
            var panel = MeasurementMapper.panel(group, ctx);
            mapped.add(new MappedResource(
                    panel,
                    ctx.scoped(MeasurementMapper.bloodPressureKey(group.get(0))),
                    List.<HealthRecord>copyOf(group)));
        } catch (UnmappableRecordException e) {
            group.forEach(m -> unmapped.add(new UnmappedRecord(m, e.getMessage())));
        }
    }

    private static Map<ResourceKey, List<Measurement>> bloodPressureGroups(List<? extends HealthRecord> records) {
        Map<ResourceKey, List<Measurement>> groups = new LinkedHashMap<>();
        for (HealthRecord record : records) {
            if (record instanceof Measurement m && MeasurementMapper.isBloodPressure(m) && m.groupId() != null) {
                groups.computeIfAbsent(MeasurementMapper.bloodPressureKey(m), k -> new ArrayList<>())
                        .add(m);
            }
        }
        return groups;
    }

    private static Resource mapOne(HealthRecord record, MappingContext ctx) {
        if (record.sourceId() == null || record.sourceId().isBlank()) {
            throw new UnmappableRecordException("record has no sourceId, so it could not be recognised when re-sent");
        }
        if (record instanceof Measurement m) {
            return MeasurementMapper.map(m, ctx);
        } else if (record instanceof Series s) {
            return SeriesMapper.map(s, ctx);
        } else if (record instanceof Ecg e) {
            return EcgMapper.map(e, ctx);
        } else if (record instanceof DeviceInfo d) {
            return DeviceMapper.map(d, ctx);
        } else if (record instanceof PatientInfo p) {
            return PatientMapper.map(p, ctx);
        } else if (record instanceof Appointment a) {
            return AppointmentMapper.map(a, ctx);
        }
        throw new UnmappableRecordException(
                "no FHIR mapping for " + record.getClass().getSimpleName());
    }
}
