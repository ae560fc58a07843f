package org.openhealthexchange.provider.withings.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.openhealthexchange.core.record.DeviceInfo;
import org.openhealthexchange.core.spi.ProviderException;
import org.openhealthexchange.provider.withings.client.WithingsJson;
import org.openhealthexchange.provider.withings.config.Withings;

/** Maps {@code user getdevice} to device records keyed by the same {@code deviceid} the data rows carry. */
public final class WithingsDeviceParser {

    static final String MANUFACTURER = "Withings";

    private WithingsDeviceParser() {}

    public static List<DeviceInfo> parse(JsonNode body) throws ProviderException {
        List<DeviceInfo> out = new ArrayList<>();
        for (JsonNode device : body.path("devices")) {
            String id = WithingsJson.deviceId(device);
            if (id == null) {
                throw WithingsJson.badResponse("device without deviceid");
            }
            OptionalLong lastSession = WithingsJson.number(device, "last_session_date");
            out.add(new DeviceInfo(
                    Withings.ID,
                    id,
                    WithingsJson.text(device, "type").orElse(null),
                    WithingsJson.text(device, "model").orElse(null),
                    MANUFACTURER,
                    WithingsJson.text(device, "battery").orElse(null),
                    lastSession.isPresent() ? Instant.ofEpochSecond(lastSession.getAsLong()) : null));
        }
        return out;
    }
}
