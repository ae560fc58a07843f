package org.openhealthexchange.core.fhir.mapping;

import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Device;
import org.openhealthexchange.core.record.DeviceInfo;

/** A vendor device to a Device of the EHR user; Observations point at it by the same identifier. */
final class DeviceMapper {

    private DeviceMapper() {}

    static Device map(DeviceInfo info, MappingContext ctx) {
        var device = new Device();
        device.addIdentifier(RecordKinds.keyOf(info, ctx).toIdentifier());
        device.setStatus(Device.FHIRDeviceStatus.ACTIVE);
        if (info.deviceType() != null) {
            device.setType(new CodeableConcept().setText(info.deviceType()));
        }
        if (info.model() != null) {
            device.setModelNumber(info.model());
        }
        if (info.manufacturer() != null) {
            device.setManufacturer(info.manufacturer());
        }
        if (info.batteryLevel() != null) {
            device.addProperty()
                    .setType(new CodeableConcept().setText("battery level"))
                    .addValueCode(new CodeableConcept().setText(info.batteryLevel()));
        }
        device.setPatient(ctx.subject());
        return device;
    }
}
