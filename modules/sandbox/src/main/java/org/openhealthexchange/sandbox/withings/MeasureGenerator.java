package org.openhealthexchange.sandbox.withings;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.openhealthexchange.sandbox.withings.MeasureGroup.Measure;

/**
 * The measure groups a simulated user has on a day: a morning weigh-in with body composition, an evening blood
 * pressure reading with pulse, a SpO2 spot check from the watch, a manually entered body temperature every week
 * and the height entered once on the first day. Weight drifts smoothly between 60 and 90 kg.
 */
final class MeasureGenerator {

    static final int WEIGHT = 1;
    static final int HEIGHT = 4;
    static final int FAT_FREE_MASS = 5;
    static final int FAT_RATIO = 6;
    static final int FAT_MASS = 8;
    static final int DIASTOLIC = 9;
    static final int SYSTOLIC = 10;
    static final int PULSE = 11;
    static final int SPO2 = 54;
    static final int BODY_TEMPERATURE = 71;

    private static final int ATTRIB_DEVICE = 0;
    private static final int ATTRIB_MANUAL = 2;

    private final WithingsDataSettings settings;

    MeasureGenerator(WithingsDataSettings settings) {
        this.settings = settings;
    }

    /** Every group taken on {@code day}, in the order they were taken, whether or not they reached the cloud yet. */
    List<MeasureGroup> groupsOn(String userid, LocalDate day) {
        List<MeasureGroup> groups = new ArrayList<>(5);
        if (day.isBefore(settings.historyStart())) {
            return groups;
        }
        if (day.equals(settings.historyStart())) {
            groups.add(height(userid, day));
        }
        groups.add(weighIn(userid, day));
        if (Math.floorMod(day.toEpochDay() + Seeds.of(userid, "temperature-phase"), 7) == 0) {
            groups.add(temperature(userid, day));
        }
        groups.add(bloodPressure(userid, day));
        groups.add(spo2(userid, day));
        return groups;
    }

    /** The user's weight on a day in kg (before rounding to grams). */
    double weightKg(String userid, LocalDate day) {
        double base = 62 + 26 * Seeds.unit(Seeds.of(userid, "weight-base"));
        double phase = 2 * Math.PI * Seeds.unit(Seeds.of(userid, "weight-phase"));
        long d = day.toEpochDay();
        double drift = 2.0 * Math.sin(2 * Math.PI * d / 90.0 + phase) + 0.6 * Math.sin(2 * Math.PI * d / 23.0 + phase);
        double noise = 0.3 * (2 * Seeds.unit(Seeds.of(userid, d, "weight-noise")) - 1);
        return Math.max(60, Math.min(90, base + drift + noise));
    }

    private MeasureGroup weighIn(String userid, LocalDate day) {
        long seed = Seeds.of(userid, day.toEpochDay(), "weight");
        double weight = weightKg(userid, day);
        double fatRatio = 15
                + 15 * Seeds.unit(Seeds.of(userid, "fat-base"))
                + 0.6 * Math.sin(2 * Math.PI * day.toEpochDay() / 60.0);
        double fatMass = weight * fatRatio / 100;
        long date = settings.at(day, 7 * 3600 + Seeds.between(Seeds.mix(seed, 0), 0, 3599));
        return group(
                userid,
                day,
                "weight",
                ATTRIB_DEVICE,
                date,
                seed,
                SimulatedDevice.SCALE,
                List.of(
                        Measure.of(WEIGHT, weight, -3),
                        Measure.of(FAT_RATIO, fatRatio, -3),
                        Measure.of(FAT_MASS, fatMass, -3),
                        Measure.of(FAT_FREE_MASS, weight - fatMass, -3)));
    }

    private MeasureGroup bloodPressure(String userid, LocalDate day) {
        long seed = Seeds.of(userid, day.toEpochDay(), "bp");
        double systolicBase = 115 + 15 * Seeds.unit(Seeds.of(userid, "systolic-base"));
        long systolic = Math.round(systolicBase + 6 * (2 * Seeds.unit(Seeds.mix(seed, 1)) - 1));
        long diastolic = Math.round(systolic * 0.62 + 4 * (2 * Seeds.unit(Seeds.mix(seed, 2)) - 1));
        long pulse = Math.round(
                62 + 10 * Seeds.unit(Seeds.of(userid, "pulse-base")) + 6 * (2 * Seeds.unit(Seeds.mix(seed, 3)) - 1));
        long date = settings.at(day, 19 * 3600 + Seeds.between(Seeds.mix(seed, 0), 0, 5399));
        return group(
                userid,
                day,
                "bp",
                ATTRIB_DEVICE,
                date,
                seed,
                SimulatedDevice.BLOOD_PRESSURE_MONITOR,
                List.of(
                        new Measure(diastolic, DIASTOLIC, 0),
                        new Measure(systolic, SYSTOLIC, 0),
                        new Measure(pulse, PULSE, 0)));
    }

    private MeasureGroup spo2(String userid, LocalDate day) {
        long seed = Seeds.of(userid, day.toEpochDay(), "spo2");
        long date = settings.at(day, 22 * 3600 + Seeds.between(Seeds.mix(seed, 0), 0, 3599));
        return group(
                userid,
                day,
                "spo2",
                ATTRIB_DEVICE,
                date,
                seed,
                SimulatedDevice.WATCH,
                List.of(new Measure(Seeds.between(Seeds.mix(seed, 1), 95, 99), SPO2, 0)));
    }

    private MeasureGroup temperature(String userid, LocalDate day) {
        long seed = Seeds.of(userid, day.toEpochDay(), "temperature");
        long date = settings.at(day, 8 * 3600 + Seeds.between(Seeds.mix(seed, 0), 0, 3599));
        return group(
                userid,
                day,
                "temperature",
                ATTRIB_MANUAL,
                date,
                seed,
                null,
                List.of(new Measure(Seeds.between(Seeds.mix(seed, 1), 3620, 3700), BODY_TEMPERATURE, -2)));
    }

    private MeasureGroup height(String userid, LocalDate day) {
        long seed = Seeds.of(userid, "height");
        long date = settings.at(day, 6 * 3600);
        return group(
                userid,
                day,
                "height",
                ATTRIB_MANUAL,
                date,
                seed,
                null,
                List.of(new Measure(Seeds.between(seed, 1600, 1950), HEIGHT, -3)));
    }

    private static MeasureGroup group(
            String userid,
            LocalDate day,
            String kind,
            int attrib,
            long date,
            long seed,
            SimulatedDevice device,
            List<Measure> measures) {
        long created = date + Seeds.between(Seeds.mix(seed, 99), 60, 1200);
        return new MeasureGroup(
                Seeds.id(userid, day.toEpochDay(), kind), attrib, date, created, created, device, measures);
    }
}
