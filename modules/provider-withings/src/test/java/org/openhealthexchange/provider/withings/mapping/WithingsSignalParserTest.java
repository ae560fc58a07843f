package org.openhealthexchange.provider.withings.mapping;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.openhealthexchange.provider.withings.FakeWithings.goldenBody;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.openhealthexchange.core.record.DataType;
import org.openhealthexchange.core.record.Ecg;
import org.openhealthexchange.core.record.Series;

class WithingsSignalParserTest {

    static final Instant START = Instant.ofEpochSecond(1717200000);
    static final String WATCH = "5c3b1e2d4f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c";

    @Test
    void irregularIntradaySamplesAreAveragedPerMinuteOnASixtySecondGrid() {
        Series series = WithingsIntradayParser.heartRate(
                        goldenBody("getintradayactivity.json"), START, START.plusSeconds(600))
                .orElseThrow();

        double nan = Double.NaN;
        assertEquals(
                new Series(
                        "withings",
                        "hr-1717200000",
                        DataType.HEART_RATE,
                        START,
                        Duration.ofSeconds(60),
                        new double[] {63.5, nan, nan, 70, nan, nan, nan, nan, nan, 75},
                        "/min",
                        WATCH),
                series);
    }

    @Test
    void aWindowWithoutHeartRateYieldsNoSeriesAndAnEmptyArraySeriesIsAccepted() throws Exception {
        var stepsOnly = new ObjectMapper().readTree("{\"series\":{\"1717200130\":{\"steps\":12}}}");
        var emptyArray = new ObjectMapper().readTree("{\"series\":[]}");

        assertTrue(WithingsIntradayParser.heartRate(stepsOnly, START, START.plusSeconds(600))
                .isEmpty());
        assertTrue(WithingsIntradayParser.heartRate(emptyArray, START, START.plusSeconds(600))
                .isEmpty());
    }

    @Test
    void aPartialLastMinuteStillGetsASlot() {
        Series series = WithingsIntradayParser.heartRate(
                        goldenBody("getintradayactivity.json"), START, START.plusSeconds(90))
                .orElseThrow();

        assertEquals(2, series.samples().length);
        assertEquals(63.5, series.samples()[0]);
    }

    @Test
    void ecgJoinsTheListRowWithItsSignal() throws Exception {
        var list = goldenBody("heart-list.json").get("series");

        Ecg bpmCore = WithingsEcgParser.parse(list.get(0), goldenBody("heart-get-48.json"));
        Ecg watch = WithingsEcgParser.parse(list.get(2), goldenBody("heart-get-49.json"));

        assertEquals(
                new Ecg(
                        "withings",
                        "ecg-48",
                        Instant.ofEpochSecond(1717230900),
                        500,
                        new int[] {-12, -8, 3, 15, 120, 310, 95, -40, -22, -10},
                        null,
                        65,
                        "negative",
                        "892359876fd8805ac45bab078c4828692f0276b1"),
                bpmCore);
        assertEquals(
                new Ecg(
                        "withings",
                        "ecg-49",
                        Instant.ofEpochSecond(1717240000),
                        300,
                        new int[] {4, 6, 9, 180, 402, 77, -35, -9},
                        null,
                        90,
                        "inconclusive",
                        WATCH),
                watch);
        assertArrayEquals(new int[] {4, 6, 9, 180, 402, 77, -35, -9}, watch.microVolts());
        assertTrue(WithingsEcgParser.signalId(list.get(1)).isEmpty(), "a BP-only row has no ECG");
    }
}
