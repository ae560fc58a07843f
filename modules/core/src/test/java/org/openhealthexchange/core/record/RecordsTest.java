package org.openhealthexchange.core.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RecordsTest {

    private static final Instant T0 = Instant.parse("2025-10-06T00:00:00Z");

    @Test
    void seriesCompareBySampleContentNotArrayIdentity() {
        var a = new Series(
                "withings",
                "hr-1",
                DataType.HEART_RATE,
                T0,
                Duration.ofMinutes(1),
                new double[] {60, 61},
                "/min",
                null);
        var b = new Series(
                "withings",
                "hr-1",
                DataType.HEART_RATE,
                T0,
                Duration.ofMinutes(1),
                new double[] {60, 61},
                "/min",
                null);
        var c = new Series(
                "withings",
                "hr-1",
                DataType.HEART_RATE,
                T0,
                Duration.ofMinutes(1),
                new double[] {60, 62},
                "/min",
                null);
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(a, c);
        assertEquals(T0.plusSeconds(120), a.end());
    }

    @Test
    void seriesRejectANonPositiveInterval() {
        assertThrows(
                IllegalArgumentException.class,
                () -> new Series("withings", "x", DataType.STEPS, T0, Duration.ZERO, new double[0], "1", null));
    }

    @Test
    void ecgRejectsANonPositiveSamplingFrequency() {
        assertThrows(
                IllegalArgumentException.class,
                () -> new Ecg("withings", "sig", T0, 0, new int[] {1}, "I", null, null, null));
    }

    @Test
    void measurementDefaultsItsMetricToTheTypeCode() {
        var m = new Measurement(
                "withings", "g1-1", DataType.WEIGHT, null, new BigDecimal("75.232"), "kg", T0, "g1", null);
        assertEquals("weight", m.metric());
    }

    @Test
    void dataTypesRoundTripThroughTheirWireCodes() {
        for (var t : DataType.values()) {
            assertEquals(t, DataType.fromCode(t.code()).orElseThrow());
        }
        assertTrue(DataType.fromCode("nonsense").isEmpty());
    }

    @Test
    void canceledAppointmentsAreRecognisedInBothSpellings() {
        for (String status : new String[] {"canceled", "Cancelled", " canceled "}) {
            assertTrue(appointment(status).canceled(), status);
        }
        for (String status : new String[] {"created", "finished_final", null}) {
            assertFalse(appointment(status).canceled(), status);
        }
    }

    private static Appointment appointment(String status) {
        return new Appointment(
                "calldoc", "1", "1698369", Instant.parse("2025-10-06T06:00:00Z"), 30, status, "24", null, null, null);
    }
}
