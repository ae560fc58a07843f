package org.openhealthexchange.core.fhir.mapping;

import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Reference;

/** The parts every Observation OHE writes has in common. */
final class Observations {

    private Observations() {
    }

    static Observation base(ResourceKey key, ObservationCode code, ObservationCategory category, MappingContext ctx) {
        var obs = new Observation();
        obs.addIdentifier(key.toIdentifier());
        obs.setStatus(Observation.ObservationStatus.FINAL);
        obs.addCategory(category.toConcept());
        obs.setCode(code.toConcept());
        obs.setSubject(ctx.subject());
        return obs;
    }

    static Observation base(ResourceKey key, ObservationCode code, MappingContext ctx) {
        return base(key, code, code.category(), ctx);
    }

    /** A logical reference to the Device resource OHE writes for {@code deviceId}; no lookup needed. */
    static void device(Observation obs, String provider, String deviceId) {
        if (deviceId != null && !deviceId.isBlank()) {
            obs.setDevice(new Reference().setIdentifier(
                    ResourceKey.of(provider, RecordKinds.DEVICE, deviceId).toIdentifier()));
        }
    }
}
