package org.openhealthexchange.sandbox.withings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.openhealthexchange.sandbox.withings.TestData.NOW_S;
import static org.openhealthexchange.sandbox.withings.TestData.SETTINGS;
import static org.openhealthexchange.sandbox.withings.TestData.params;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeartAndSleepServiceTest {

    private final HeartService heart = new HeartService(SETTINGS);
    private final SleepService sleep = new SleepService(SETTINGS);

    @Test
    void ecgEveryFewDaysWithStableSignalIdsAndAFetchableSignal() {
        String start = Long.toString(SETTINGS.at(java.time.LocalDate.parse("2026-02-01"), 0));
        String end = Long.toString(SETTINGS.at(java.time.LocalDate.parse("2026-02-28"), 0));
        JsonNode list = heart.call("list", "u1", params("startdate", start, "enddate", end), NOW_S);
        JsonNode again = heart.call("list", "u1", params("startdate", start, "enddate", end), NOW_S);
        assertEquals(list, again);
        assertEquals(9, list.get("series").size(), "27 days, one ECG every 3 days");
        assertTrue(list.get("more").isBoolean());

        JsonNode first = list.get("series").get(0);
        long signalId = first.get("ecg").get("signalid").asLong();
        JsonNode signal = heart.call("get", "u1", params("signalid", Long.toString(signalId)), NOW_S);
        assertEquals(300, signal.get("sampling_frequency").asInt());
        assertEquals(600, signal.get("signal").size(), "2 s at 300 Hz");
        assertEquals(first.get("heart_rate").asInt(), signal.get("heart_rate").asInt());
        List<Integer> samples = new ArrayList<>();
        signal.get("signal").forEach(v -> samples.add(v.asInt()));
        assertTrue(samples.stream().mapToInt(Integer::intValue).max().getAsInt() > 700, "R peaks in µV");
        assertEquals(signal, heart.call("get", "u1", params("signalid", Long.toString(signalId)), NOW_S));

        assertEquals(
                503,
                assertThrows(
                                WithingsApiError.class,
                                () -> heart.call("get", "u2", params("signalid", Long.toString(signalId)), NOW_S))
                        .status(),
                "another user's signal id is unknown");
        assertEquals(
                2554,
                assertThrows(WithingsApiError.class, () -> heart.call("nonsense", "u1", params(), NOW_S))
                        .status());
    }

    @Test
    void ecgListIsNewestFirstAndPages() {
        JsonNode page = heart.call("list", "u1", params(), NOW_S);
        assertEquals(10, page.get("series").size());
        assertTrue(page.get("more").asBoolean());
        long previous = Long.MAX_VALUE;
        for (JsonNode entry : page.get("series")) {
            long ts = entry.get("timestamp").asLong();
            assertTrue(ts < previous);
            assertTrue(entry.get("modified").asLong() <= NOW_S);
            previous = ts;
        }
        JsonNode next =
                heart.call("list", "u1", params("offset", page.get("offset").asText()), NOW_S);
        assertTrue(next.get("series").get(0).get("timestamp").asLong() < previous);
    }

    @Test
    void oneSleepSummaryPerNightByWakeUpDate() {
        JsonNode body =
                sleep.call("getsummary", "u1", params("startdateymd", "2026-02-01", "enddateymd", "2026-02-05"), NOW_S);
        JsonNode series = body.get("series");
        assertEquals(5, series.size());
        assertFalse(body.get("more").asBoolean());
        for (JsonNode night : series) {
            long start = night.get("startdate").asLong();
            long end = night.get("enddate").asLong();
            assertTrue(end - start > 6 * 3600 && end - start < 10 * 3600);
            JsonNode data = night.get("data");
            assertEquals(
                    data.get("total_sleep_time").asInt(),
                    data.get("lightsleepduration").asInt()
                            + data.get("deepsleepduration").asInt()
                            + data.get("remsleepduration").asInt());
        }
        assertEquals("2026-02-01", series.get(0).get("date").asText());
        JsonNode filtered = sleep.call(
                "getsummary",
                "u1",
                params("startdateymd", "2026-02-01", "enddateymd", "2026-02-01", "data_fields", "hr_average"),
                NOW_S);
        assertEquals(1, filtered.get("series").get(0).get("data").size());
    }
}
