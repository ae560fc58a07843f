package org.openhealthexchange.sandbox.withings;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** {@code /v2/heart action=list|get}: ECG recordings newest first with boolean {@code more}, and their signals. */
final class HeartService implements WithingsService {

    private final WithingsDataSettings settings;
    private final HeartGenerator heart;

    HeartService(WithingsDataSettings settings) {
        this.settings = settings;
        this.heart = new HeartGenerator(settings);
    }

    @Override
    public ObjectNode call(String action, String userid, WithingsParams params, long now) {
        return switch (action) {
            case "list" -> list(userid, params, now);
            case "get" -> get(userid, params, now);
            default -> throw WithingsService.unknownAction(action);
        };
    }

    private ObjectNode list(String userid, WithingsParams params, long now) {
        long start = params.longValue("startdate").orElse(Long.MIN_VALUE);
        long end = params.longValue("enddate").orElse(Long.MAX_VALUE);
        LocalDate from = start == Long.MIN_VALUE ? settings.historyStart() : settings.clampedDayOf(start, now);
        if (from.isBefore(settings.historyStart())) {
            from = settings.historyStart();
        }
        LocalDate to = settings.clampedDayOf(end, now);
        List<HeartGenerator.Recording> found = new ArrayList<>();
        for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
            heart.recordingOn(userid, day)
                    .filter(r -> r.modified() <= now && r.timestamp() >= start && r.timestamp() <= end)
                    .ifPresent(found::add);
        }
        found.sort(Comparator.comparingLong(HeartGenerator.Recording::timestamp).reversed());
        Page<HeartGenerator.Recording> page = Page.of(found, params.offset(), settings.pageSize());
        ObjectNode body = WithingsJson.object();
        var series = body.putArray("series");
        page.rows().forEach(r -> series.add(heart.listEntry(userid, r)));
        body.put("more", page.more());
        body.put("offset", page.nextOffset());
        return body;
    }

    private ObjectNode get(String userid, WithingsParams params, long now) {
        long signalId = params.longValue("signalid").orElseThrow(() -> WithingsApiError.invalidParam("signalid"));
        return heart.recording(userid, signalId)
                .filter(r -> r.modified() <= now)
                .map(r -> heart.signal(userid, r))
                .orElseThrow(() -> WithingsApiError.invalidParam("signalid"));
    }
}
