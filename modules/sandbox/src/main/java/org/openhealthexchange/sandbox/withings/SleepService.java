package org.openhealthexchange.sandbox.withings;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** {@code /v2/sleep action=getsummary}: one summary per night, by wake-up date, boolean {@code more}. */
final class SleepService implements WithingsService {

    private final WithingsDataSettings settings;
    private final SleepGenerator sleep;

    SleepService(WithingsDataSettings settings) {
        this.settings = settings;
        this.sleep = new SleepGenerator(settings);
    }

    @Override
    public ObjectNode call(String action, String userid, WithingsParams params, long now) {
        if (!"getsummary".equals(action)) {
            throw WithingsService.unknownAction(action);
        }
        DayRange range = DayRange.of(params, settings, now, 2);
        var fields = params.names("data_fields");
        List<ObjectNode> rows = new ArrayList<>();
        for (LocalDate day = range.from(); !day.isAfter(range.to()); day = day.plusDays(1)) {
            long modified = sleep.modified(userid, day);
            if (modified <= now && modified >= range.lastupdate()) {
                rows.add(sleep.summary(userid, day, fields));
            }
        }
        Page<ObjectNode> page = Page.of(rows, params.offset(), settings.pageSize());
        ObjectNode body = WithingsJson.object();
        body.putArray("series").addAll(page.rows());
        body.put("more", page.more());
        body.put("offset", page.nextOffset());
        return body;
    }
}
