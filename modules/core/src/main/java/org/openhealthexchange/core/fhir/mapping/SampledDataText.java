package org.openhealthexchange.core.fhir.mapping;

import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The {@code SampledData.data} text: values separated by single spaces, {@code E} where a sample is missing.
 * Written straight into one byte buffer (the text is ASCII): a year of minute samples is half a million values, and
 * an object per sample would dominate the mapping time. Whole numbers and values with up to three decimals (minute
 * means such as {@code 72.5}) are written digit by digit; anything else takes the exact {@link BigDecimal} path.
 */
final class SampledDataText {

    private static final double MAX_EXACT_LONG = 1e15;
    /** Values below this magnitude are tried with 1–3 decimals before the general path. */
    private static final double MAX_SCALED = 1e12;

    private static final long[] POWERS = {1, 10, 100, 1000};
    /** The three ASCII digits of 0–999 (zero-padded), for the common case of small whole values. */
    private static final byte[] DIGITS = new byte[3000];

    static {
        for (int i = 0; i < 1000; i++) {
            DIGITS[3 * i] = (byte) ('0' + i / 100);
            DIGITS[3 * i + 1] = (byte) ('0' + i / 10 % 10);
            DIGITS[3 * i + 2] = (byte) ('0' + i % 10);
        }
    }

    private SampledDataText() {}

    static String of(double[] samples) {
        // Room for every sample on the hot path (at most three digits and a space); the other paths make room for
        // themselves and for the rest of the samples, so the hot path never checks.
        byte[] buf = new byte[samples.length * 4 + 64];
        int n = 0;
        for (int i = 0; i < samples.length; i++) {
            double v = samples[i];
            int small = (int) v;
            if (small == v && small >= 0 && small < 1000) {
                // The hot path (beats per minute, steps per minute): one table lookup, no arithmetic per digit.
                int d = 3 * small;
                if (small >= 100) {
                    buf[n++] = DIGITS[d];
                }
                if (small >= 10) {
                    buf[n++] = DIGITS[d + 1];
                }
                buf[n++] = DIGITS[d + 2];
            } else {
                buf = room(buf, n, 48 + 4 * (samples.length - i));
                int end = writeOther(buf, n, v);
                if (end < 0) {
                    // Plain notation: FHIR decimals have no exponent, and 'E' alone means "error" in this list.
                    String text = BigDecimal.valueOf(v)
                            .round(MathContext.DECIMAL64)
                            .stripTrailingZeros()
                            .toPlainString();
                    buf = room(buf, n, text.length() + 4 * (samples.length - i));
                    for (int c = 0; c < text.length(); c++) {
                        buf[n++] = (byte) text.charAt(c);
                    }
                } else {
                    n = end;
                }
            }
            buf[n++] = ' ';
        }
        return new String(buf, 0, Math.max(0, n - 1), StandardCharsets.ISO_8859_1);
    }

    private static byte[] room(byte[] buf, int n, int needed) {
        return buf.length - n >= needed ? buf : Arrays.copyOf(buf, Math.max(buf.length * 2, n + needed));
    }

    /**
     * A missing sample, a whole number or a value with up to three decimals (at most 20 bytes); -1 when the value
     * needs the general path.
     */
    private static int writeOther(byte[] buf, int n, double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            buf[n] = 'E';
            return n + 1;
        }
        if (v == Math.rint(v) && Math.abs(v) < MAX_EXACT_LONG) {
            return writeLong(buf, n, (long) v);
        }
        int scale = Math.abs(v) < MAX_SCALED ? decimals(v) : 0;
        return scale > 0 ? writeScaled(buf, n, (long) Math.rint(v * POWERS[scale]), scale) : -1;
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

    /**
     * The fewest decimals (1–3) that write {@code v} exactly: the decimal {@code rint(v·10^k)/10^k} is the same double
     * as {@code v}, so it is the text the general path prints too. 0 when three do not suffice.
     */
    private static int decimals(double v) {
        for (int k = 1; k <= 3; k++) {
            double scaled = Math.rint(v * POWERS[k]);
            if (scaled / POWERS[k] == v) {
                return k;
            }
        }
        return 0;
    }

    private static int writeScaled(byte[] buf, int n, long scaled, int decimals) {
        if (scaled < 0) {
            buf[n++] = '-';
            scaled = -scaled;
        }
        long power = POWERS[decimals];
        n = writeLong(buf, n, scaled / power);
        buf[n++] = '.';
        long fraction = scaled % power;
        for (long p = power / 10; p > 0; p /= 10) {
            buf[n++] = (byte) ('0' + fraction / p % 10);
        }
        return n;
    }

    private static int writeLong(byte[] buf, int n, long value) {
        if (value < 0) {
            buf[n++] = '-';
            value = -value;
        }
        int start = n;
        do {
            buf[n++] = (byte) ('0' + value % 10);
            value /= 10;
        } while (value > 0);
        for (int i = start, j = n - 1; i < j; i++, j--) {
            byte t = buf[i];
            buf[i] = buf[j];
            buf[j] = t;
        }
        return n;
    }
}
