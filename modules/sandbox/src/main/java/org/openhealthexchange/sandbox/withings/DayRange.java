package org.openhealthexchange.sandbox.withings;

import java.time.LocalDate;

/**
 * The days a v2 list call covers: {@code startdateymd}..{@code enddateymd}, or every day whose data may have changed
 * since {@code lastupdate}; one of the two is required, as in Withings' API. Never before the history start nor
 * after today.
 *
 * @param from first day, inclusive
 * @param to last day, inclusive
 * @param lastupdate rows must have been modified at or after this epoch second (minimum when not given)
 */
record DayRange(LocalDate from, LocalDate to, long lastupdate) {

    /** {@code lagDays}: how many days before {@code lastupdate}'s day a row modified after it may belong to. */
    static DayRange of(WithingsParams params, WithingsDataSettings settings, long now, int lagDays) {
        LocalDate today = settings.dayOf(now);
        var startYmd = params.ymd("startdateymd");
        var endYmd = params.ymd("enddateymd");
        var lastupdate = params.longValue("lastupdate");
        LocalDate from;
        LocalDate to = today;
        long since = Long.MIN_VALUE;
        if (startYmd.isPresent()) {
            from = startYmd.get();
            to = endYmd.orElseThrow(() -> WithingsApiError.invalidParam("enddateymd"));
        } else if (lastupdate.isPresent()) {
            since = lastupdate.getAsLong();
            from = settings.clampedDayOf(since, now).minusDays(lagDays);
        } else {
            throw WithingsApiError.invalidParam("startdateymd");
        }
        if (from.isBefore(settings.historyStart())) {
            from = settings.historyStart();
        }
        if (to.isAfter(today)) {
            to = today;
        }
        return new DayRange(from, to, since);
    }
}
