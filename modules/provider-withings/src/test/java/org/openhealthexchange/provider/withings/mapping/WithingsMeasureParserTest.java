package org.openhealthexchange.provider.withings.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.openhealthexchange.provider.withings.FakeWithings.goldenBody;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.openhealthexchange.core.record.DataType;
import org.openhealthexchange.core.record.Measurement;
import org.openhealthexchange.provider.withings.config.Withings;

class WithingsMeasureParserTest {

    static final Instant DAY = Instant.ofEpochSecond(1717200000); // 2024-06-01T00:00:00Z
    static final Instant NEXT_DAY = Instant.ofEpochSecond(1717286400);
    static final String SCALE = "7df35c0a18c61a7009072621879658d91467dcb3";
    static final String BPM = "c405eb8e0e053f6601e151c7e43c04e29aad6956";

    @Test
    void firstPageBecomesExactRecordsSkippingUnknownTypesAmbiguousUsersAndObjectives() throws Exception {
        WithingsMeasureParser.Page page =
                WithingsMeasureParser.parse(goldenBody("getmeas-page1.json"), Withings.DATA_TYPES, DAY, NEXT_DAY);

        Instant weighIn = Instant.ofEpochSecond(1717230000);
        Instant bp = Instant.ofEpochSecond(1717232400);
        assertEquals(
                List.of(
                        m("5423702714-1", DataType.WEIGHT, "weight", "75.232", "kg", weighIn, "5423702714", SCALE),
                        m("5423702714-6", DataType.BODY_FAT, "fat_ratio", "21.05", "%", weighIn, "5423702714", SCALE),
                        m("5423702714-8", DataType.BODY_FAT, "fat_mass", "15.837", "kg", weighIn, "5423702714", SCALE),
                        m(
                                "5423702714-5",
                                DataType.BODY_FAT,
                                "fat_free_mass",
                                "59.395",
                                "kg",
                                weighIn,
                                "5423702714",
                                SCALE),
                        m(
                                "5423702714-76",
                                DataType.BODY_FAT,
                                "muscle_mass",
                                "56.12",
                                "kg",
                                weighIn,
                                "5423702714",
                                SCALE),
                        m(
                                "5423702714-77",
                                DataType.BODY_FAT,
                                "body_water_mass",
                                "41.3",
                                "kg",
                                weighIn,
                                "5423702714",
                                SCALE),
                        m("5423702714-88", DataType.BODY_FAT, "bone_mass", "2.95", "kg", weighIn, "5423702714", SCALE),
                        m("4716596696-9", DataType.BLOOD_PRESSURE, "diastolic", "82", "mm[Hg]", bp, "4716596696", BPM),
                        m("4716596696-10", DataType.BLOOD_PRESSURE, "systolic", "128", "mm[Hg]", bp, "4716596696", BPM),
                        m("4716596696-11", DataType.HEART_RATE, "heart_rate", "71", "/min", bp, "4716596696", BPM),
                        m(
                                "4716596698-71",
                                DataType.BODY_TEMPERATURE,
                                "body_temperature",
                                "36.712",
                                "Cel",
                                Instant.ofEpochSecond(1717236000),
                                "4716596698",
                                "14546187"),
                        m(
                                "4716596698-73",
                                DataType.BODY_TEMPERATURE,
                                "skin_temperature",
                                "33.45",
                                "Cel",
                                Instant.ofEpochSecond(1717236000),
                                "4716596698",
                                "14546187")),
                page.measurements());
        assertEquals(OptionalLong.of(1717243200), page.updateTime());
    }

    @Test
    void secondPageKeepsManualEntriesAndDropsTheMeasureAtTheExclusiveWindowEnd() throws Exception {
        WithingsMeasureParser.Page page =
                WithingsMeasureParser.parse(goldenBody("getmeas-page2.json"), Withings.DATA_TYPES, DAY, NEXT_DAY);

        assertEquals(
                List.of(
                        m(
                                "4716596700-54",
                                DataType.OXYGEN_SATURATION,
                                "oxygen_saturation",
                                "98",
                                "%",
                                Instant.ofEpochSecond(1717239600),
                                "4716596700",
                                "d0e1f2a3b4c5d6e7f8091a2b3c4d5e6f7a8b9c0d"),
                        m("4716596701-4", DataType.HEIGHT, "height", "1.805", "m", DAY, "4716596701", null),
                        m(
                                "4716596701-12",
                                DataType.BODY_TEMPERATURE,
                                "body_temperature",
                                "37.1",
                                "Cel",
                                DAY,
                                "4716596701",
                                null)),
                page.measurements());
    }

    @Test
    void withoutWindowEverythingIsKeptAsForIncrementalFetches() throws Exception {
        WithingsMeasureParser.Page page =
                WithingsMeasureParser.parse(goldenBody("getmeas-page2.json"), Withings.DATA_TYPES, null, null);

        assertEquals(4, page.measurements().size());
        assertEquals("4716596702-1", page.measurements().get(3).sourceId());
    }

    @Test
    void onlyRequestedTypesAreKept() throws Exception {
        Set<DataType> bpOnly = EnumSet.of(DataType.BLOOD_PRESSURE);

        List<Measurement> measurements = WithingsMeasureParser.parse(
                        goldenBody("getmeas-page1.json"), bpOnly, DAY, NEXT_DAY)
                .measurements();

        assertEquals(
                List.of("4716596696-9", "4716596696-10"),
                measurements.stream().map(Measurement::sourceId).toList());
    }

    @Test
    void realValueIsValueTimesTenToTheUnitExactly() {
        assertEquals(new BigDecimal("75.232"), WithingsMeasureParser.realValue(75232, -3));
        assertEquals(new BigDecimal("0.001"), WithingsMeasureParser.realValue(1, -3));
        assertEquals(new BigDecimal("120"), WithingsMeasureParser.realValue(120, 0));
        assertEquals(new BigDecimal("1200"), WithingsMeasureParser.realValue(12, 2));
        assertEquals(new BigDecimal("-0.5"), WithingsMeasureParser.realValue(-5, -1));
    }

    static Measurement m(
            String sourceId,
            DataType type,
            String metric,
            String value,
            String unit,
            Instant at,
            String group,
            String device) {
        return new Measurement("withings", sourceId, type, metric, new BigDecimal(value), unit, at, group, device);
    }
}
