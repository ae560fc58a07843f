package org.openhealthexchange.core.fhir.mapping;

import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Reference;

/** The parts every Observation OHE writes has in common. */
final class Observations {

    private Observations() {}

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

    /**
     * The Device OHE writes for {@code deviceId}: a conditional reference the EHR resolves ({@code
     * Device?identifier=…}; the sink makes sure the Device exists in the same transaction) and, for readers that
     * only look at it, the identifier itself.
     */
    static void device(Observation obs, String provider, String deviceId, MappingContext ctx) {
        if (deviceId != null && !deviceId.isBlank()) {
            var key = ctx.key(provider, RecordKinds.DEVICE, deviceId);
            obs.setDevice(new Reference("Device?" + key.ifNoneExist())
                    .setType("Device")
                    .setIdentifier(key.toIdentifier()));
        }
    }
}
