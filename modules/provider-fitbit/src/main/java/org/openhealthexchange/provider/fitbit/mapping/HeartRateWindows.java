package org.openhealthexchange.provider.fitbit.mapping;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import org.openhealthexchange.core.record.DataType;
import org.openhealthexchange.core.record.Series;
import org.openhealthexchange.provider.fitbit.config.Fitbit;

/**
 * Intraday heart rate as {@code valueSampledData}: samples (whatever their spacing) go into a one-minute grid (the
 * mean where a minute has several, {@code NaN} where it has none), one {@link Series} per UTC hour or day window.
 *
 * <p>Only windows that are complete (ended at or before {@code now}) are emitted, and a window's id depends only on
 * its start and length, so a later sync of the same window yields the same identifier and changes nothing; windows
 * are aligned to UTC, not to the fetch window, for the same reason. Callers fetch {@link #fetchStart}–
 * {@link #fetchEnd} so every window they emit is complete in the data.
 */
public final class HeartRateWindows {

    public static final Duration STEP = Duration.ofMinutes(1);
    public static final String UNIT = "/min";

    /** One heart-rate reading. */
    public record Sample(Instant time, double beatsPerMinute) {}

    private HeartRateWindows() {}

    /** Start of the window containing {@code t} (UTC aligned). */
    public static Instant floor(Instant t, Duration window) {
        long w = window.getSeconds();
        return Instant.ofEpochSecond(Math.floorDiv(t.getEpochSecond(), w) * w);
    }

    /** The start of the fetch that covers every window overlapping {@code [start, end)}. */
    public static Instant fetchStart(Instant start, Duration window) {
        return floor(start, window);
    }

    /** The end of the fetch that covers every window overlapping {@code [start, end)}: the window boundary at or after {@code end}. */
    public static Instant fetchEnd(Instant end, Duration window) {
        Instant f = floor(end, window);
        return f.equals(end) ? end : f.plus(window);
    }

    /** The identifier value of the window starting at {@code windowStart}. */
    public static String sourceId(Instant windowStart, Duration window) {
        return "hr-" + windowStart + "-" + window;
    }

    /**
     * Series for every complete window that overlaps {@code [start, end)} and has at least one sample. Samples may
     * arrive in any order and may lie outside the windows (they are ignored).
     */
    public static List<Series> toSeries(
            List<Sample> samples, Duration window, Instant start, Instant end, Instant now, String deviceId) {
        int perWindow = (int) (window.getSeconds() / STEP.getSeconds());
        TreeMap<Instant, double[][]> sums = new TreeMap<>(); // window start -> [sum[], count[]]
        Instant first = fetchStart(start, window);
        Instant last = fetchEnd(end, window);
        for (Sample s : samples) {
            if (s.time().isBefore(first) || !s.time().isBefore(last) || Double.isNaN(s.beatsPerMinute())) {
                continue;
            }
            Instant w = floor(s.time(), window);
            if (w.plus(window).isAfter(now)) {
                continue; // the window is still open
            }
            double[][] acc =
                    sums.computeIfAbsent(w, k -> new double[][] {new double[perWindow], new double[perWindow]});
            int i = (int) ((s.time().getEpochSecond() - w.getEpochSecond()) / STEP.getSeconds());
            acc[0][i] += s.beatsPerMinute();
            acc[1][i] += 1;
        }
        List<Series> out = new ArrayList<>(sums.size());
        sums.forEach((w, acc) -> {
            double[] values = new double[perWindow];
            Arrays.fill(values, Double.NaN);
            for (int i = 0; i < perWindow; i++) {
                if (acc[1][i] > 0) {
                    values[i] = Math.round(acc[0][i] / acc[1][i] * 10) / 10.0;
                }
            }
            out.add(new Series(Fitbit.ID, sourceId(w, window), DataType.HEART_RATE, w, STEP, values, UNIT, deviceId));
        });
        return out;
    }
}
