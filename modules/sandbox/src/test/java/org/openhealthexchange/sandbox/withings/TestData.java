package org.openhealthexchange.sandbox.withings;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;

/** Settings and helpers shared by the Withings tests. */
final class TestData {

    static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    static final long NOW_S = NOW.getEpochSecond();
    static final WithingsDataSettings SETTINGS =
            new WithingsDataSettings(LocalDate.parse("2026-01-01"), ZoneId.of("Europe/Berlin"), 10, 3, 2, 300, 3);

    private TestData() {}

    static WithingsParams params(String... pairs) {
        var map = new java.util.LinkedHashMap<String, String>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return WithingsParams.of(Map.copyOf(map));
    }
}
