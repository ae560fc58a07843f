package org.openhealthexchange.sandbox.withings;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** {@code /v2/user action=getdevice}: the three devices every simulated user owns. */
final class UserService implements WithingsService {

    private final WithingsDataSettings settings;

    UserService(WithingsDataSettings settings) {
        this.settings = settings;
    }

    @Override
    public ObjectNode call(String action, String userid, WithingsParams params, long now) {
        if (!"getdevice".equals(action)) {
            throw WithingsService.unknownAction(action);
        }
        ObjectNode body = WithingsJson.object();
        ArrayNode devices = body.putArray("devices");
        long firstSession = settings.at(settings.historyStart(), 6 * 3600);
        for (SimulatedDevice device : SimulatedDevice.values()) {
            String deviceId = device.deviceId(userid);
            ObjectNode d = devices.addObject();
            d.put("type", device.type());
            d.put("model", device.model());
            d.put("model_id", device.modelId());
            d.put("battery", device.battery());
            d.put("deviceid", deviceId);
            d.put("hash_deviceid", deviceId);
            d.put("timezone", settings.zone().getId());
            d.put("first_session_date", firstSession);
            // Devices sync a few times an hour; the last sync is the latest quarter hour before now.
            d.put("last_session_date", Math.max(firstSession, now - Math.floorMod(now, 900)));
        }
        return body;
    }
}
