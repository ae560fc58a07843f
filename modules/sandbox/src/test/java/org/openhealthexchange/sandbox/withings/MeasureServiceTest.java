package org.openhealthexchange.sandbox.withings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.openhealthexchange.sandbox.withings.TestData.NOW_S;
import static org.openhealthexchange.sandbox.withings.TestData.SETTINGS;
import static org.openhealthexchange.sandbox.withings.TestData.params;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MeasureServiceTest {

    private final RecordedMeasures recorded = new RecordedMeasures();
    private final MeasureService service = new MeasureService(SETTINGS, recorded);

    private JsonNode getmeas(String... pairs) {
        return service.getmeas("u1", params(pairs), NOW_S);
    }

    @Test
    void sameRequestSameDataAndUsersDiffer() {
        String range = "1767225600"; // 2026-01-01T00:00Z
        JsonNode first = getmeas("startdate", range, "enddate", "1768435200");
        JsonNode again = service.getmeas("u1", params("startdate", range, "enddate", "1768435200"), NOW_S + 3600);
        assertEquals(first.get("measuregrps"), again.get("measuregrps"));
        JsonNode other = service.getmeas("u2", params("startdate", range, "enddate", "1768435200"), NOW_S);
        assertNotEquals(first.get("measuregrps"), other.get("measuregrps"));
        assertEquals(
                new MeasureGenerator(SETTINGS).groupsOn("u1", LocalDate.parse("2026-01-05")),
                new MeasureGenerator(
                                new WithingsDataSettings(SETTINGS.historyStart(), SETTINGS.zone(), 99, 5, 9, 500, 0))
                        .groupsOn("u1", LocalDate.parse("2026-01-05")));
    }

    @Test
    void weightDriftsSmoothlyBetweenSixtyAndNinetyKilograms() {
        MeasureGenerator generator = new MeasureGenerator(SETTINGS);
        for (String user : List.of("a", "b", "c", "d", "e")) {
            double previous = Double.NaN;
            for (LocalDate day = LocalDate.parse("2026-01-01");
                    day.isBefore(LocalDate.parse("2027-01-01"));
                    day = day.plusDays(1)) {
                double kg = generator.weightKg(user, day);
                assertTrue(kg >= 60 && kg <= 90, user + " " + day + " " + kg);
                if (!Double.isNaN(previous)) {
                    assertTrue(Math.abs(kg - previous) < 1.0, "day-to-day change " + (kg - previous));
                }
                previous = kg;
            }
        }
    }

    @Test
    void valuesUseWithingsPowerOfTenEncoding() {
        JsonNode weighIn = null;
        for (JsonNode group : getmeas("meastype", "1", "startdate", "1767225600", "enddate", "1767312000")
                .get("measuregrps")) {
            weighIn = group;
        }
        JsonNode measure = weighIn.get("measures").get(0);
        assertEquals(1, measure.get("type").asInt());
        assertEquals(-3, measure.get("unit").asInt());
        double kg =
                measure.get("value").asLong() * Math.pow(10, measure.get("unit").asInt());
        assertEquals(new MeasureGenerator(SETTINGS).weightKg("u1", LocalDate.parse("2026-01-01")), kg, 0.0005);
        assertEquals(1, weighIn.get("measures").size(), "meastype filters the measures of a group");
        assertEquals("Body Cardio", weighIn.get("model").asText());
        assertEquals(
                SimulatedDevice.SCALE.deviceId("u1"), weighIn.get("deviceid").asText());
    }

    @Test
    void pagingWalksEveryGroupOnceNewestFirstWithIntegerMore() {
        List<Long> dates = new ArrayList<>();
        Set<Long> ids = new HashSet<>();
        int offset = 0;
        int pages = 0;
        while (true) {
            JsonNode body =
                    getmeas("startdate", "1767225600", "enddate", "1768435200", "offset", Integer.toString(offset));
            body.get("measuregrps").forEach(g -> {
                dates.add(g.get("date").asLong());
                assertTrue(ids.add(g.get("grpid").asLong()), "grpid repeated across pages");
            });
            pages++;
            assertTrue(body.get("more").isInt());
            if (body.get("more").asInt() == 0) {
                assertEquals(0, body.get("offset").asInt());
                break;
            }
            offset = body.get("offset").asInt();
        }
        assertTrue(pages > 3, "14 days of data span several pages of 10");
        List<Long> sorted = new ArrayList<>(dates);
        sorted.sort((a, b) -> Long.compare(b, a));
        assertEquals(sorted, dates);
        assertTrue(dates.size() >= 14 * 3, "weigh-in, blood pressure and SpO2 every day: " + dates.size());
    }

    @Test
    void lastupdateReturnsOnlyGroupsModifiedSinceAndRecordedOnesAppear() {
        long since = NOW_S - 3 * 86400;
        JsonNode body = getmeas("lastupdate", Long.toString(since));
        assertTrue(body.get("measuregrps").size() > 0);
        body.get("measuregrps").forEach(g -> assertTrue(g.get("modified").asLong() >= since));

        var group = recorded.record(
                "u1", NOW_S - 60, NOW_S, SimulatedDevice.SCALE, List.of(MeasureGroup.Measure.of(1, 72.4, -3)));
        JsonNode after = getmeas("lastupdate", Long.toString(NOW_S - 1));
        assertEquals(1, after.get("measuregrps").size());
        assertEquals(group.grpid(), after.get("measuregrps").get(0).get("grpid").asLong());
        assertEquals(
                72400,
                after.get("measuregrps")
                        .get(0)
                        .get("measures")
                        .get(0)
                        .get("value")
                        .asLong());
    }

    @Test
    void nothingFromTheFutureOrBeforeTheHistoryStart() {
        JsonNode all = getmeas();
        all.get("measuregrps").forEach(g -> {
            assertTrue(g.get("created").asLong() <= NOW_S);
            assertFalse(g.get("date").asLong() < SETTINGS.at(SETTINGS.historyStart(), 0));
        });
        assertEquals(
                0,
                getmeas("startdate", Long.toString(NOW_S + 10), "enddate", Long.toString(NOW_S + 86400))
                        .get("measuregrps")
                        .size());
        assertEquals(0, getmeas("category", "2").get("measuregrps").size());
    }

    @Test
    void intradayIsCutAtTwentyFourHoursWithEpochKeysEverySixtySeconds() {
        long start = SETTINGS.at(LocalDate.parse("2026-02-10"), 0);
        JsonNode series = service.getintradayactivity(
                        "u1",
                        params("startdate", Long.toString(start), "enddate", Long.toString(start + 3 * 86400)),
                        NOW_S)
                .get("series");
        List<Long> keys = new ArrayList<>();
        series.fieldNames().forEachRemaining(k -> keys.add(Long.parseLong(k)));
        assertTrue(keys.get(0) >= start);
        assertTrue(keys.get(keys.size() - 1) <= start + 86400, "cut at 24 h");
        keys.forEach(k -> assertEquals(0, k % 60));
        assertTrue(keys.size() < 1441, "some minutes have no sample");
        assertTrue(keys.size() > 1300, "most minutes have a sample: " + keys.size());
        JsonNode sample = series.get(Long.toString(keys.get(0)));
        assertTrue(sample.get("heart_rate").asInt() >= 40
                && sample.get("heart_rate").asInt() <= 130);
        assertEquals("ScanWatch", sample.get("model").asText());

        JsonNode onlyHeart = service.getintradayactivity(
                        "u1",
                        params(
                                "startdate",
                                Long.toString(start),
                                "enddate",
                                Long.toString(start + 600),
                                "data_fields",
                                "heart_rate"),
                        NOW_S)
                .get("series");
        onlyHeart.elements().forEachRemaining(s -> assertFalse(s.has("steps")));
    }

    @Test
    void emptyIntradaySeriesIsAnArrayAsWithingsSendsIt() {
        JsonNode body = service.getintradayactivity(
                "u1", params("startdate", Long.toString(NOW_S + 3600), "enddate", Long.toString(NOW_S + 7200)), NOW_S);
        assertTrue(body.get("series").isArray());
        assertEquals(0, body.get("series").size());
    }

    @Test
    void activityPagesByDateWithBooleanMoreAndRequiresARange() {
        JsonNode body =
                service.getactivity("u1", params("startdateymd", "2026-01-01", "enddateymd", "2026-01-31"), NOW_S);
        assertEquals(10, body.get("activities").size());
        assertTrue(body.get("more").isBoolean());
        assertTrue(body.get("more").asBoolean());
        assertEquals("2026-01-01", body.get("activities").get(0).get("date").asText());
        assertEquals(10, body.get("offset").asInt());
        JsonNode last = service.getactivity(
                "u1", params("startdateymd", "2026-01-01", "enddateymd", "2026-01-31", "offset", "30"), NOW_S);
        assertEquals(1, last.get("activities").size());
        assertFalse(last.get("more").asBoolean());
        var error = org.junit.jupiter.api.Assertions.assertThrows(
                WithingsApiError.class, () -> service.getactivity("u1", params(), NOW_S));
        assertEquals(503, error.status());
    }
}
