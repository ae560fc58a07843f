package org.openhealthexchange.provider.withings.fetch;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** Translates our half-open {@code [start, end)} windows into what each Withings service accepts. */
final class WithingsWindows {

    /** {@code getintradayactivity} returns at most 24 h and silently cuts the rest. */
    static final Duration INTRADAY_MAX = Duration.ofHours(24);

    private WithingsWindows() {
    }

    /** A half-open span of time. */
    record Window(Instant start, Instant end) {
    }

    /**
     * The complete UTC days inside {@code [start, end)}, one 24 h call each. Only whole days: a series' identifier is
     * its day ({@code hr-<day start>}), so it must not depend on the window that asked for it, and a day still in
     * progress (or cut by an arbitrary window start) would otherwise be published half and never completed, since
     * the sink never overwrites. The day in progress is fetched by a later sync whose window covers it entirely.
     */
    static List<Window> intraday(Instant start, Instant end) {
        List<Window> windows = new ArrayList<>();
        Instant day = LocalDate.ofInstant(start, ZoneOffset.UTC).atStartOfDay(ZoneOffset.UTC).toInstant();
        if (day.isBefore(start)) {
            day = day.plus(INTRADAY_MAX);
        }
        for (; !day.plus(INTRADAY_MAX).isAfter(end); day = day.plus(INTRADAY_MAX)) {
            windows.add(new Window(day, day.plus(INTRADAY_MAX)));
        }
        return windows;
    }

    /** The first UTC day of the window, for the {@code *ymd} parameters. */
    static String firstDay(Instant start) {
        return LocalDate.ofInstant(start, ZoneOffset.UTC).toString();
    }

    /** The last UTC day the window touches: the end is exclusive, so an end at midnight means the day before. */
    static String lastDay(Instant end) {
        return LocalDate.ofInstant(end.minusSeconds(1), ZoneOffset.UTC).toString();
    }
}
