package org.openhealthexchange.sandbox.fitbit;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * Deterministic legacy Fitbit data for any user and day, computed on the fly from a cheap hash of user and minute
 * (nothing is stored): minute heart rate 55–120 bpm with ~2 % gaps, minute steps (none at night) whose sum is the
 * daily total, one weight log at about 07:00, and per night one sleep log, an SpO2 and an HRV summary. Days before
 * the history start are empty; nothing lies in the future of {@code now}. Times are the user's local time.
 */
final class FitbitData {

    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS");
    private static final DateTimeFormatter HMS = DateTimeFormatter.ofPattern("HH:mm:ss");
    private static final int MINUTES = 24 * 60;

    private final ZoneId zone;
    private final LocalDate historyStart;

    FitbitData(ZoneId zone, LocalDate historyStart) {
        this.zone = zone;
        this.historyStart = historyStart;
    }

    ZoneId zone() {
        return zone;
    }

    /** {@code /1/user/-/profile.json}. */
    ObjectNode profile(String user, Instant now) {
        ObjectNode root = FitbitReply.object();
        root.putObject("user")
                .put("encodedId", user)
                .put("displayName", "Sandbox " + user)
                .put("timezone", zone.getId())
                .put("offsetFromUTCMillis", zone.getRules().getOffset(now).getTotalSeconds() * 1000L)
                .put("locale", "de_DE")
                .put("memberSince", historyStart.toString());
        return root;
    }

    /** Heart rate of a minute of the day, or -1 for a gap. */
    int heartRate(String user, LocalDate date, int minute) {
        long h = hash(user, "hr", date, minute);
        if (Math.floorMod(h, 50) == 0) {
            return -1;
        }
        int hour = minute / 60;
        int base = hour < 7 || hour >= 23 ? 55 : 65;
        return base + (int) Math.floorMod(h >>> 8, hour < 7 || hour >= 23 ? 15 : 56);
    }

    /** Steps of a minute: none at night, bursts of walking by day. */
    int steps(String user, LocalDate date, int minute) {
        int hour = minute / 60;
        if (hour < 7 || hour >= 22) {
            return 0;
        }
        long h = hash(user, "steps", date, minute);
        return Math.floorMod(h, 10) < 6 ? 0 : (int) Math.floorMod(h >>> 8, 121);
    }

    /**
     * {@code /1/user/-/activities/{heart|steps}/date/{date}/1d/1min.json}: the day's summary and its minutes up to
     * {@code now}.
     */
    ObjectNode intraday(String resource, String user, LocalDate date, Instant now) {
        ObjectNode root = FitbitReply.object();
        ArrayNode summary = root.putArray("activities-" + resource);
        ObjectNode intraday = root.putObject("activities-" + resource + "-intraday");
        ArrayNode dataset = intraday.putArray("dataset");
        intraday.put("datasetInterval", 1).put("datasetType", "minute");
        int minutes = minutesUntil(date, now);
        long total = 0;
        for (int m = 0; m < minutes; m++) {
            int v = "heart".equals(resource) ? heartRate(user, date, m) : steps(user, date, m);
            if (v >= 0) {
                dataset.addObject()
                        .put("time", LocalTime.ofSecondOfDay(m * 60L).format(HMS))
                        .put("value", v);
                total += v;
            }
        }
        ObjectNode day = summary.addObject().put("dateTime", date.toString());
        if ("heart".equals(resource)) {
            ObjectNode value = day.putObject("value");
            value.putArray("customHeartRateZones");
            value.putArray("heartRateZones");
            value.put("restingHeartRate", 55 + (int) Math.floorMod(hash(user, "rest", date, 0), 10));
        } else {
            day.put("value", Long.toString(total));
        }
        return root;
    }

    /** {@code /1/user/-/activities/steps/date/{start}/{end}.json}: daily totals as strings, today so far. */
    ObjectNode dailySteps(String user, LocalDate start, LocalDate end, Instant now) {
        ObjectNode root = FitbitReply.object();
        ArrayNode days = root.putArray("activities-steps");
        for (LocalDate d = start; !d.isAfter(end) && !d.isAfter(today(now)); d = d.plusDays(1)) {
            long total = 0;
            int minutes = minutesUntil(d, now);
            for (int m = 0; m < minutes; m++) {
                total += steps(user, d, m);
            }
            days.addObject().put("dateTime", d.toString()).put("value", Long.toString(total));
        }
        return root;
    }

    /**
     * {@code /1/user/-/body/log/weight/date/{start}/{end}.json} in the unit system of {@code Accept-Language}:
     * kg for metric locales, pounds for {@code en_US} or none (Fitbit's default), stone for {@code en_GB}.
     */
    ObjectNode weights(String user, LocalDate start, LocalDate end, Instant now, String acceptLanguage) {
        ObjectNode root = FitbitReply.object();
        ArrayNode logs = root.putArray("weight");
        for (LocalDate d = start; !d.isAfter(end); d = d.plusDays(1)) {
            LocalDateTime at = d.atTime(7, 0).plusSeconds(Math.floorMod(hash(user, "wt-time", d, 0), 1800));
            if (d.isBefore(historyStart) || at.atZone(zone).toInstant().isAfter(now)) {
                continue;
            }
            double kg = 68 + Math.floorMod(hash(user, "wt", d, 0), 80) / 10.0;
            double value = acceptLanguage == null || acceptLanguage.startsWith("en_US")
                    ? kg * 2.20462
                    : acceptLanguage.startsWith("en_GB") ? kg / 6.35029 : kg;
            logs.addObject()
                    .put("bmi", round(kg / (1.78 * 1.78), 2))
                    .put("date", d.toString())
                    .put("logId", at.atZone(zone).toInstant().toEpochMilli())
                    .put("source", "Aria")
                    .put("time", at.toLocalTime().format(HMS))
                    .put("weight", round(value, 1));
        }
        return root;
    }

    /** {@code /1/user/-/spo2/date/{start}/{end}.json}: a bare array of nightly summaries. */
    ArrayNode spo2(String user, LocalDate start, LocalDate end, Instant now) {
        ArrayNode days = FitbitReply.array();
        for (LocalDate d = start; !d.isAfter(end); d = d.plusDays(1)) {
            if (nightOver(user, d, now)) {
                double avg = 94 + Math.floorMod(hash(user, "spo2", d, 0), 50) / 10.0;
                days.addObject()
                        .put("dateTime", d.toString())
                        .putObject("value")
                        .put("avg", avg)
                        .put("min", round(avg - 2.5, 1))
                        .put("max", Math.min(100.0, round(avg + 2, 1)));
            }
        }
        return days;
    }

    /** {@code /1/user/-/hrv/date/{start}/{end}.json}: nightly RMSSD. */
    ObjectNode hrv(String user, LocalDate start, LocalDate end, Instant now) {
        ObjectNode root = FitbitReply.object();
        ArrayNode days = root.putArray("hrv");
        for (LocalDate d = start; !d.isAfter(end); d = d.plusDays(1)) {
            if (nightOver(user, d, now)) {
                double rmssd = 20 + Math.floorMod(hash(user, "hrv", d, 0), 40000) / 1000.0;
                ObjectNode day = days.addObject();
                day.putObject("value").put("dailyRmssd", rmssd).put("deepRmssd", round(rmssd * 0.9, 3));
                day.put("dateTime", d.toString());
            }
        }
        return root;
    }

    /** {@code /1.2/user/-/sleep/date/{start}/{end}.json}: one main sleep per night, filed under the wake-up date. */
    ObjectNode sleep(String user, LocalDate start, LocalDate end, Instant now) {
        ObjectNode root = FitbitReply.object();
        ArrayNode logs = root.putArray("sleep");
        long asleep = 0;
        long inBed = 0;
        for (LocalDate d = start; !d.isAfter(end); d = d.plusDays(1)) {
            if (!nightOver(user, d, now)) {
                continue;
            }
            LocalDateTime from = sleepStart(user, d);
            long minutes = 360 + Math.floorMod(hash(user, "sleep-len", d, 0), 150);
            long awake = 10 + Math.floorMod(hash(user, "awake", d, 0), 40);
            LocalDateTime to = from.plusMinutes(minutes);
            logs.addObject()
                    .put("dateOfSleep", d.toString())
                    .put("duration", minutes * 60_000)
                    .put("efficiency", (int) (100 * (minutes - awake) / minutes))
                    .put("endTime", to.format(LOCAL))
                    .put("infoCode", 0)
                    .put("isMainSleep", true)
                    .put("logId", from.atZone(zone).toInstant().getEpochSecond())
                    .put("minutesAfterWakeup", 0)
                    .put("minutesAsleep", minutes - awake)
                    .put("minutesAwake", awake)
                    .put("minutesToFallAsleep", 0)
                    .put("startTime", from.format(LOCAL))
                    .put("timeInBed", minutes)
                    .put("type", "classic");
            asleep += minutes - awake;
            inBed += minutes;
        }
        root.putObject("summary")
                .put("totalMinutesAsleep", asleep)
                .put("totalSleepRecords", logs.size())
                .put("totalTimeInBed", inBed);
        return root;
    }

    /** {@code /1/user/-/devices.json}: a tracker and a scale. */
    ArrayNode devices(String user, Instant now) {
        ArrayNode devices = FitbitReply.array();
        LocalDateTime seen = LocalDateTime.ofInstant(now, zone).minusMinutes(7);
        devices.addObject()
                .put("battery", "High")
                .put("batteryLevel", 80)
                .put("deviceVersion", "Charge 6")
                .put(
                        "id",
                        Long.toString(
                                Math.floorMod(hash(user, "tracker", historyStart, 0), 9_000_000_000L) + 1_000_000_000L))
                .put("lastSyncTime", seen.format(LOCAL))
                .put("mac", "F8A2B3C4D5E6")
                .put("type", "TRACKER")
                .putArray("features");
        devices.addObject()
                .put("battery", "Medium")
                .put("deviceVersion", "Aria Air")
                .put("id", Long.toString(Math.floorMod(hash(user, "scale", historyStart, 0), 9_000_000L) + 1_000_000L))
                .put("lastSyncTime", seen.minusHours(3).format(LOCAL))
                .put("type", "SCALE")
                .putArray("features");
        return devices;
    }

    private LocalDateTime sleepStart(String user, LocalDate wakeUpDate) {
        return wakeUpDate.minusDays(1).atTime(22, 0).plusMinutes(Math.floorMod(hash(user, "bed", wakeUpDate, 0), 120));
    }

    private boolean nightOver(String user, LocalDate wakeUpDate, Instant now) {
        if (!wakeUpDate.isAfter(historyStart)) { // the first night starts on the history start
            return false;
        }
        long minutes = 360 + Math.floorMod(hash(user, "sleep-len", wakeUpDate, 0), 150);
        return !sleepStart(user, wakeUpDate)
                .plusMinutes(minutes)
                .atZone(zone)
                .toInstant()
                .isAfter(now);
    }

    /** How many whole minutes of {@code date} lie before {@code now} (0 before the history start). */
    private int minutesUntil(LocalDate date, Instant now) {
        if (date.isBefore(historyStart)) {
            return 0;
        }
        long seconds = now.getEpochSecond() - date.atStartOfDay(zone).toEpochSecond();
        return (int) Math.max(0, Math.min(MINUTES, seconds / 60));
    }

    LocalDate today(Instant now) {
        return LocalDate.ofInstant(now, zone);
    }

    private static double round(double v, int places) {
        return BigDecimal.valueOf(v).setScale(places, RoundingMode.HALF_UP).doubleValue();
    }

    /** A cheap, stable 64-bit mix (FNV-1a over the parts, then a splitmix64 finaliser). */
    static long hash(String user, String kind, LocalDate date, int index) {
        long h = 0xcbf29ce484222325L;
        for (byte b : (user + "|" + kind + "|" + date + "|" + index).getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ (b & 0xff)) * 0x100000001b3L;
        }
        h = (h ^ (h >>> 30)) * 0xbf58476d1ce4e5b9L;
        h = (h ^ (h >>> 27)) * 0x94d049bb133111ebL;
        return h ^ (h >>> 31);
    }
}
