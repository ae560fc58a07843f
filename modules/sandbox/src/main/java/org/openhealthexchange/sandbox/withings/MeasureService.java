package org.openhealthexchange.sandbox.withings;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

/**
 * {@code /measure action=getmeas} and {@code /v2/measure action=getactivity|getintradayactivity}, over the
 * generated data plus the recorded measurements. getmeas pages newest first with an integer {@code more};
 * getactivity pages by date with a boolean {@code more}; intraday returns at most 24 h from {@code startdate}.
 */
final class MeasureService {

    static final long INTRADAY_MAX_SECONDS = 86_400;
    /** Generated groups reach the cloud at most this long after they were taken. */
    private static final long MAX_SYNC_DELAY = 1200;

    private final WithingsDataSettings settings;
    private final MeasureGenerator measures;
    private final ActivityGenerator activity;
    private final RecordedMeasures recorded;

    MeasureService(WithingsDataSettings settings, RecordedMeasures recorded) {
        this.settings = settings;
        this.measures = new MeasureGenerator(settings);
        this.activity = new ActivityGenerator(settings);
        this.recorded = recorded;
    }

    /** {@code /measure}. */
    WithingsService v1() {
        return (action, userid, params, now) -> {
            if (!"getmeas".equals(action)) {
                throw WithingsService.unknownAction(action);
            }
            return getmeas(userid, params, now);
        };
    }

    /** {@code /v2/measure}. */
    WithingsService v2() {
        return (action, userid, params, now) -> switch (action) {
            case "getactivity" -> getactivity(userid, params, now);
            case "getintradayactivity" -> getintradayactivity(userid, params, now);
            default -> throw WithingsService.unknownAction(action);
        };
    }

    ObjectNode getmeas(String userid, WithingsParams params, long now) {
        Set<Integer> types = new LinkedHashSet<>(params.intList("meastypes"));
        params.longValue("meastype").ifPresent(t -> types.add((int) t));
        OptionalLong category = params.longValue("category");
        long start = params.longValue("startdate").orElse(Long.MIN_VALUE);
        long end = params.longValue("enddate").orElse(Long.MAX_VALUE);
        long lastupdate = params.longValue("lastupdate").orElse(Long.MIN_VALUE);

        List<MeasureGroup> found = new ArrayList<>();
        if (category.isEmpty() || category.getAsLong() == MeasureGroup.CATEGORY_REAL) {
            LocalDate from = settings.historyStart();
            if (start != Long.MIN_VALUE && settings.clampedDayOf(start, now).isAfter(from)) {
                from = settings.clampedDayOf(start, now);
            }
            if (lastupdate != Long.MIN_VALUE
                    && settings.clampedDayOf(lastupdate - MAX_SYNC_DELAY, now).isAfter(from)) {
                from = settings.clampedDayOf(lastupdate - MAX_SYNC_DELAY, now);
            }
            LocalDate to = settings.clampedDayOf(end, now);
            List<MeasureGroup> candidates = new ArrayList<>(recorded.of(userid));
            for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
                candidates.addAll(measures.groupsOn(userid, day));
            }
            for (MeasureGroup group : candidates) {
                if (group.created() <= now
                        && group.date() >= start
                        && group.date() <= end
                        && group.modified() >= lastupdate) {
                    MeasureGroup filtered = group.onlyTypes(types);
                    if (!filtered.measures().isEmpty()) {
                        found.add(filtered);
                    }
                }
            }
        }
        found.sort(Comparator.comparingLong(MeasureGroup::date)
                .thenComparingLong(MeasureGroup::grpid)
                .reversed());
        Page<MeasureGroup> page = Page.of(found, params.offset(), settings.pageSize());
        ObjectNode body = WithingsJson.object();
        body.put("updatetime", now);
        body.put("timezone", settings.zone().getId());
        ArrayNode groups = body.putArray("measuregrps");
        page.rows().forEach(g -> groups.add(g.toJson(userid)));
        body.put("more", page.more() ? 1 : 0);
        body.put("offset", page.nextOffset());
        return body;
    }

    ObjectNode getactivity(String userid, WithingsParams params, long now) {
        var range = DayRange.of(params, settings, now, 2);
        Set<String> fields = params.names("data_fields");
        List<ObjectNode> rows = new ArrayList<>();
        for (LocalDate day = range.from(); !day.isAfter(range.to()); day = day.plusDays(1)) {
            long modified = activity.summaryModified(userid, day);
            if (modified <= now && modified >= range.lastupdate()) {
                rows.add(activity.summary(userid, day, fields));
            }
        }
        Page<ObjectNode> page = Page.of(rows, params.offset(), settings.pageSize());
        ObjectNode body = WithingsJson.object();
        body.putArray("activities").addAll(page.rows());
        body.put("more", page.more());
        body.put("offset", page.nextOffset());
        return body;
    }

    ObjectNode getintradayactivity(String userid, WithingsParams params, long now) {
        OptionalLong startParam = params.longValue("startdate");
        OptionalLong endParam = params.longValue("enddate");
        long start;
        long end;
        if (startParam.isPresent()) {
            start = startParam.getAsLong();
            end = endParam.orElse(start + INTRADAY_MAX_SECONDS);
        } else {
            end = endParam.orElse(now);
            start = end - INTRADAY_MAX_SECONDS;
        }
        end = Math.min(Math.min(end, start + INTRADAY_MAX_SECONDS), now);
        Set<String> fields = params.names("data_fields");
        ObjectNode series = WithingsJson.object();
        for (long t = Math.floorDiv(start + 59, 60) * 60; t <= end; t += 60) {
            ObjectNode sample = activity.intradaySample(userid, t, fields);
            if (sample != null) {
                series.set(Long.toString(t), sample);
            }
        }
        ObjectNode body = WithingsJson.object();
        if (series.isEmpty()) {
            body.putArray("series"); // Withings' PHP quirk: an empty map is serialized as []
        } else {
            body.set("series", series);
        }
        return body;
    }
}
