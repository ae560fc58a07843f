package org.openhealthexchange.core.fhir.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The fast writer prints exactly what the exact BigDecimal rendering prints, for every kind of value. */
class SampledDataTextTest {

    private static String reference(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return "E";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return BigDecimal.valueOf(v)
                .round(MathContext.DECIMAL64)
                .stripTrailingZeros()
                .toPlainString();
    }

    private static void check(double[] values) {
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            expected.append(i > 0 ? " " : "").append(reference(values[i]));
        }
        assertEquals(expected.toString(), SampledDataText.of(values));
    }

    @Test
    void edgeCases() {
        check(new double[] {
            0,
            -0.0,
            1,
            -1,
            72,
            72.5,
            -72.5,
            0.1,
            0.25,
            0.125,
            0.001,
            -0.001,
            1e-7,
            123456.789,
            999999999999.999,
            1e12 + 0.5,
            1e15,
            1e16,
            1e300,
            1e-300,
            Double.NaN,
            Double.POSITIVE_INFINITY,
            Double.MIN_VALUE,
            Double.MAX_VALUE,
            0.1 + 0.2,
            2.675,
            1.005,
            10.05
        });
        check(new double[0]);
        check(new double[] {Double.NaN});
    }

    @Test
    void randomValuesWithZeroToFiveDecimals() {
        Random random = new Random(42);
        double[] values = new double[200_000];
        for (int i = 0; i < values.length; i++) {
            int decimals = random.nextInt(6);
            double scale = Math.pow(10, decimals);
            values[i] = Math.round((random.nextDouble() * 400 - 100) * scale) / scale;
        }
        check(values);
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextDouble() * Math.pow(10, random.nextInt(30) - 15) * (random.nextBoolean() ? 1 : -1);
        }
        check(values);
    }
}
