package org.openhealthexchange.sandbox.withings;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * One Withings measure group: the measures taken together at one time (a weigh-in, a blood-pressure reading).
 *
 * @param grpid stable group id
 * @param attrib how the group was attributed (0 device, 2 entered manually)
 * @param date when the measures were taken (epoch seconds)
 * @param created when the group reached the cloud
 * @param modified when the group last changed
 * @param device the device that took it, null for manual entries
 * @param measures the measures, each {@code value × 10^unit}
 */
record MeasureGroup(
        long grpid,
        int attrib,
        long date,
        long created,
        long modified,
        SimulatedDevice device,
        List<Measure> measures) {

    /** Category 1: real measures (category 2, user objectives, is never generated). */
    static final int CATEGORY_REAL = 1;

    /**
     * One measure.
     *
     * @param value the integer mantissa
     * @param type the Withings meastype
     * @param unit the power of ten
     */
    record Measure(long value, int type, int unit) {

        /** Encodes {@code real} with {@code unit} decimal places: 72.4 kg at unit -3 is value 72400. */
        static Measure of(int type, double real, int unit) {
            return new Measure(Math.round(real * Math.pow(10, -unit)), type, unit);
        }
    }

    MeasureGroup onlyTypes(java.util.Set<Integer> types) {
        if (types.isEmpty()) {
            return this;
        }
        return new MeasureGroup(
                grpid,
                attrib,
                date,
                created,
                modified,
                device,
                measures.stream().filter(m -> types.contains(m.type())).toList());
    }

    /** The group as getmeas lists it. */
    ObjectNode toJson(String userid) {
        ObjectNode group = WithingsJson.object();
        group.put("grpid", grpid);
        group.put("attrib", attrib);
        group.put("date", date);
        group.put("created", created);
        group.put("modified", modified);
        group.put("category", CATEGORY_REAL);
        String deviceId = device == null ? null : device.deviceId(userid);
        group.put("deviceid", deviceId);
        group.put("hash_deviceid", deviceId);
        ArrayNode list = group.putArray("measures");
        for (Measure m : measures) {
            list.addObject().put("value", m.value()).put("type", m.type()).put("unit", m.unit());
        }
        if (device == null) {
            group.putNull("modelid");
            group.putNull("model");
        } else {
            group.put("modelid", device.modelId());
            group.put("model", device.model());
        }
        group.putNull("comment");
        return group;
    }
}
