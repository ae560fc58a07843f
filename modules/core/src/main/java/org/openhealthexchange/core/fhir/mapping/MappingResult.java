package org.openhealthexchange.core.fhir.mapping;

import java.util.List;
import java.util.Objects;
import org.hl7.fhir.r4.model.Resource;
import org.openhealthexchange.core.record.HealthRecord;

/** What {@link FhirMapper#mapAll} made of a list of records: resources with their sources, and what it could not map. */
public record MappingResult(List<MappedResource> resources, List<UnmappedRecord> unmapped) {

    public MappingResult {
        resources = List.copyOf(resources);
        unmapped = List.copyOf(unmapped);
    }

    /** One resource, its OHE identifier and the records it was made from (two for a blood-pressure panel). */
    public record MappedResource(Resource resource, ResourceKey key, List<HealthRecord> sources) {

        public MappedResource {
            Objects.requireNonNull(resource, "resource");
            Objects.requireNonNull(key, "key");
            sources = List.copyOf(sources);
        }
    }

    /** A record with no FHIR representation (an unknown metric, half a blood-pressure reading), and why. */
    public record UnmappedRecord(HealthRecord record, String reason) {}
}
