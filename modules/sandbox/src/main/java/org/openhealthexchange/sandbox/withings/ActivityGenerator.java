package org.openhealthexchange.sandbox.withings;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.util.Set;

/**
 * Activity from the watch: one daily summary per day (available from half past midnight of the next day on) and
 * intraday samples every 60 s with heart rate and steps. A few random minutes carry no sample, and so does a
 * 20-minute block each evening when the watch is charging.
 */
final class ActivityGenerator {

    private static final int WAKE_UP = 7 * 3600;
    private static final int BED_TIME = 23 * 3600;

    private final WithingsDataSettings settings;

    ActivityGenerator(WithingsDataSettings settings) {
        this.settings = settings;
    }

    /** When the summary of {@code day} reaches the cloud (and becomes visible). */
    long summaryModified(String userid, LocalDate day) {
        return settings.at(
                day.plusDays(1), 1800 + Seeds.between(Seeds.of(userid, day.toEpochDay(), "act-mod"), 0, 3599));
    }

    /** The daily summary of {@code day} as getactivity lists it; {@code fields} filters the data fields. */
    ObjectNode summary(String userid, LocalDate day, Set<String> fields) {
        long seed = Seeds.of(userid, day.toEpochDay(), "activity");
        int steps = Seeds.between(Seeds.mix(seed, 0), 3000, 14000);
        int soft = Seeds.between(Seeds.mix(seed, 1), 1800, 7200);
        int moderate = Seeds.between(Seeds.mix(seed, 2), 300, 3600);
        int intense = Seeds.between(Seeds.mix(seed, 3), 0, 1800);
        int hrAverage = Seeds.between(Seeds.mix(seed, 4), 64, 82);
        double calories = Math.round(steps * 0.045 * 100) / 100.0;
        String deviceId = SimulatedDevice.WATCH.deviceId(userid);
        ObjectNode activity = WithingsJson.object();
        activity.put("date", day.toString());
        activity.put("timezone", settings.zone().getId());
        activity.put("deviceid", deviceId);
        activity.put("hash_deviceid", deviceId);
        activity.put("brand", 1);
        activity.put("is_tracker", true);
        activity.put("modified", summaryModified(userid, day));
        activity.put("model", SimulatedDevice.WATCH.model());
        activity.put("modelid", SimulatedDevice.WATCH.modelId());
        ObjectNode data = WithingsJson.object();
        data.put("steps", steps);
        data.put("distance", Math.round(steps * 0.76 * 100) / 100.0);
        data.put("elevation", Seeds.between(Seeds.mix(seed, 5), 0, 25));
        data.put("soft", soft);
        data.put("moderate", moderate);
        data.put("intense", intense);
        data.put("active", moderate + intense);
        data.put("calories", calories);
        data.put(
                "totalcalories",
                Math.round((calories + 1500 + Seeds.between(Seeds.mix(seed, 6), 0, 400)) * 100) / 100.0);
        data.put("hr_average", hrAverage);
        data.put("hr_min", hrAverage - Seeds.between(Seeds.mix(seed, 7), 12, 20));
        data.put("hr_max", hrAverage + Seeds.between(Seeds.mix(seed, 8), 40, 70));
        data.put("hr_zone_0", Seeds.between(Seeds.mix(seed, 9), 20000, 40000));
        data.put("hr_zone_1", Seeds.between(Seeds.mix(seed, 10), 1000, 5000));
        data.put("hr_zone_2", Seeds.between(Seeds.mix(seed, 11), 0, 1800));
        data.put("hr_zone_3", Seeds.between(Seeds.mix(seed, 12), 0, 300));
        data.fieldNames().forEachRemaining(name -> {
            if (fields.isEmpty() || fields.contains(name)) {
                activity.set(name, data.get(name));
            }
        });
        return activity;
    }

    /**
     * The intraday sample at minute-aligned {@code epochSecond}, or null when the watch recorded none then.
     * {@code fields} filters the data fields.
     */
    ObjectNode intradaySample(String userid, long epochSecond, Set<String> fields) {
        if (Math.floorMod(epochSecond, 60) != 0) {
            return null;
        }
        LocalDate day = settings.dayOf(epochSecond);
        if (day.isBefore(settings.historyStart())) {
            return null;
        }
        long secondOfDay = epochSecond - settings.at(day, 0);
        long daySeed = Seeds.of(userid, day.toEpochDay(), "intraday");
        long sample = Seeds.mix(daySeed, secondOfDay / 60);
        long charging = 18 * 3600 + 60L * Seeds.between(Seeds.mix(daySeed, -1), 0, 120);
        if (secondOfDay >= charging && secondOfDay < charging + 1200
                || Seeds.between(sample, 0, 99) < settings.intradayGapPercent()) {
            return null;
        }
        boolean awake = secondOfDay >= WAKE_UP && secondOfDay < BED_TIME;
        boolean walking = awake && Seeds.between(Seeds.mix(sample, 1), 0, 99) < 12;
        int heartRate = awake
                ? Seeds.between(Seeds.mix(sample, 2), 62, 84)
                        + (walking ? Seeds.between(Seeds.mix(sample, 3), 15, 35) : 0)
                : Seeds.between(Seeds.mix(sample, 2), 50, 61);
        int steps = walking
                ? Seeds.between(Seeds.mix(sample, 4), 60, 120)
                : awake ? Seeds.between(Seeds.mix(sample, 4), 0, 12) : 0;
        String deviceId = SimulatedDevice.WATCH.deviceId(userid);
        ObjectNode node = WithingsJson.object();
        node.put("deviceid", deviceId);
        node.put("model", SimulatedDevice.WATCH.model());
        node.put("model_id", SimulatedDevice.WATCH.modelId());
        ObjectNode data = WithingsJson.object();
        data.put("heart_rate", heartRate);
        data.put("steps", steps);
        data.put("calories", Math.round(steps * 0.045 * 1000) / 1000.0);
        data.put("distance", Math.round(steps * 0.76 * 100) / 100.0);
        data.put("elevation", 0);
        data.put("duration", 60);
        data.fieldNames().forEachRemaining(name -> {
            if (fields.isEmpty() || fields.contains(name)) {
                node.set(name, data.get(name));
            }
        });
        return node;
    }
}
