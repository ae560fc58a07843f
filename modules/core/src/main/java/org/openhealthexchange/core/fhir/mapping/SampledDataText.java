package org.openhealthexchange.core.fhir.mapping;

import java.math.BigDecimal;
import java.math.MathContext;

/**
 * The {@code SampledData.data} text: values separated by single spaces, {@code E} where a sample is missing.
 * Written straight into one {@link StringBuilder}: a year of minute samples is half a million values, and an
 * object per sample would dominate the mapping time.
 */
final class SampledDataText {

    private static final double MAX_EXACT_LONG = 1e15;

    private SampledDataText() {
    }

    static String of(double[] samples) {
        var out = new StringBuilder(samples.length * 4);
        for (int i = 0; i < samples.length; i++) {
            if (i > 0) {
                out.append(' ');
            }
            append(out, samples[i]);
        }
        return out.toString();
    }

    static String of(int[] samples) {
        var out = new StringBuilder(samples.length * 5);
        for (int i = 0; i < samples.length; i++) {
            if (i > 0) {
                out.append(' ');
            }
            out.append(samples[i]);
        }
        return out.toString();
    }

    private static void append(StringBuilder out, double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            out.append('E');
        } else if (v == Math.rint(v) && Math.abs(v) < MAX_EXACT_LONG) {
            out.append((long) v); // the common case (beats per minute, steps): no allocation
        } else {
            // Plain notation: FHIR decimals have no exponent, and 'E' alone means "error" in this list.
            out.append(BigDecimal.valueOf(v).round(MathContext.DECIMAL64).stripTrailingZeros().toPlainString());
        }
    }
}
