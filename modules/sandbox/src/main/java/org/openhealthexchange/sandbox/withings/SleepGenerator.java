package org.openhealthexchange.sandbox.withings;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.util.Set;

/**
 * One night of sleep per day, tracked by the watch: in bed between 22:30 and 23:30, up between 06:00 and 07:30.
 * The summary's {@code date} is the day of waking up, as Withings reports it.
 */
final class SleepGenerator {

    /** {@code model} 16: the night was tracked by an activity tracker (32 would be a sleep monitor). */
    private static final int MODEL_TRACKER = 16;

    private final WithingsDataSettings settings;

    SleepGenerator(WithingsDataSettings settings) {
        this.settings = settings;
    }

    private long seed(String userid, LocalDate day) {
        return Seeds.of(userid, day.toEpochDay(), "sleep");
    }

    long enddate(String userid, LocalDate day) {
        return settings.at(day, 6 * 3600 + Seeds.between(Seeds.mix(seed(userid, day), 1), 0, 5400));
    }

    /** When the summary of the night ending on {@code day} reaches the cloud (and becomes visible). */
    long modified(String userid, LocalDate day) {
        return enddate(userid, day) + Seeds.between(Seeds.mix(seed(userid, day), 2), 600, 2400);
    }

    /** The summary of the night that ends on {@code day}; {@code fields} filters the data fields. */
    ObjectNode summary(String userid, LocalDate day, Set<String> fields) {
        long seed = seed(userid, day);
        long startdate = settings.at(day.minusDays(1), 22 * 3600 + 1800 + Seeds.between(Seeds.mix(seed, 0), 0, 3600));
        long enddate = enddate(userid, day);
        int inBed = (int) (enddate - startdate);
        int sleepLatency = Seeds.between(Seeds.mix(seed, 3), 300, 1500);
        int wakeupLatency = Seeds.between(Seeds.mix(seed, 4), 120, 900);
        int waso = Seeds.between(Seeds.mix(seed, 5), 300, 2400);
        int asleep = inBed - sleepLatency - wakeupLatency - waso;
        int deep = asleep * Seeds.between(Seeds.mix(seed, 6), 15, 25) / 100;
        int rem = asleep * Seeds.between(Seeds.mix(seed, 7), 18, 25) / 100;
        int hrAverage = Seeds.between(Seeds.mix(seed, 8), 52, 65);
        int rrAverage = Seeds.between(Seeds.mix(seed, 9), 13, 17);
        long modified = modified(userid, day);

        ObjectNode night = WithingsJson.object();
        night.put("id", Seeds.id(userid, day.toEpochDay(), "sleep"));
        night.put("timezone", settings.zone().getId());
        night.put("model", MODEL_TRACKER);
        night.put("model_id", SimulatedDevice.WATCH.modelId());
        night.put("hash_deviceid", SimulatedDevice.WATCH.deviceId(userid));
        night.put("startdate", startdate);
        night.put("enddate", enddate);
        night.put("date", day.toString());
        night.put("created", modified);
        night.put("modified", modified);
        night.put("completed", true);
        ObjectNode all = WithingsJson.object();
        all.put("total_timeinbed", inBed);
        all.put("total_sleep_time", asleep);
        all.put("lightsleepduration", asleep - deep - rem);
        all.put("deepsleepduration", deep);
        all.put("remsleepduration", rem);
        all.put("sleep_efficiency", Math.round(100.0 * asleep / inBed) / 100.0);
        all.put("sleep_latency", sleepLatency);
        all.put("wakeup_latency", wakeupLatency);
        all.put("wakeupduration", sleepLatency + wakeupLatency + waso);
        all.put("wakeupcount", Seeds.between(Seeds.mix(seed, 10), 1, 5));
        all.put("waso", waso);
        all.put("nb_rem_episodes", Seeds.between(Seeds.mix(seed, 11), 3, 6));
        all.put("out_of_bed_count", Seeds.between(Seeds.mix(seed, 12), 0, 2));
        all.put("hr_average", hrAverage);
        all.put("hr_min", hrAverage - Seeds.between(Seeds.mix(seed, 13), 5, 10));
        all.put("hr_max", hrAverage + Seeds.between(Seeds.mix(seed, 14), 10, 25));
        all.put("rr_average", rrAverage);
        all.put("rr_min", rrAverage - Seeds.between(Seeds.mix(seed, 15), 2, 4));
        all.put("rr_max", rrAverage + Seeds.between(Seeds.mix(seed, 16), 2, 5));
        all.put("snoring", Seeds.between(Seeds.mix(seed, 17), 0, 1800));
        all.put("snoringepisodecount", Seeds.between(Seeds.mix(seed, 18), 0, 6));
        all.put("sleep_score", Seeds.between(Seeds.mix(seed, 19), 60, 95));
        ObjectNode data = night.putObject("data");
        all.fieldNames().forEachRemaining(name -> {
            if (fields.isEmpty() || fields.contains(name)) {
                data.set(name, all.get(name));
            }
        });
        return night;
    }
}
