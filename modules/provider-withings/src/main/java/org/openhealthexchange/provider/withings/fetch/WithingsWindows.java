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

    private WithingsWindows() {}

    /** A half-open span of time. */
    record Window(Instant start, Instant end) {}

    /**
     * The UTC days inside {@code [start, end)} that are over at {@code now}, one 24 h call each. Only whole days: a
     * series' identifier is its day ({@code hr-<day start>}), so it must not depend on the window that asked for it,
     * and a day cut by an arbitrary window start would be published half. Nor the day in progress, when a window
     * reaches into today or beyond: it would go out as {@code final} with an end in the future and empty slots, and
     * be rewritten by every sync until midnight. A later sync whose window covers it (the daily one does) fetches it.
     */
    static List<Window> intraday(Instant start, Instant end, Instant now) {
        List<Window> windows = new ArrayList<>();
        Instant day = LocalDate.ofInstant(start, ZoneOffset.UTC)
                .atStartOfDay(ZoneOffset.UTC)
                .toInstant();
        if (day.isBefore(start)) {
            day = day.plus(INTRADAY_MAX);
        }
        Instant last = end.isAfter(now) ? now : end;
        for (; !day.plus(INTRADAY_MAX).isAfter(last); day = day.plus(INTRADAY_MAX)) {
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
