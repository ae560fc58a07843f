package org.openhealthexchange.sandbox.withings;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.util.Optional;

/**
 * ECG recordings from the watch: one every few days around midday, listed by {@code heart list} and fetched by
 * {@code heart get}. The signal is a synthetic sinus rhythm in µV (P wave, QRS complex, T wave, baseline wander,
 * noise) at the recording's heart rate. The signal id encodes the day, so {@code get} needs no stored state.
 */
final class HeartGenerator {

    private static final int SIGNAL_ID_SPREAD = 10_000;
    private static final int WEAR_POSITION_LEFT_WRIST = 1;

    private final WithingsDataSettings settings;

    HeartGenerator(WithingsDataSettings settings) {
        this.settings = settings;
    }

    /** A recorded ECG. */
    record Recording(long signalId, long timestamp, long modified, int heartRate, int afib) {}

    /** The ECG recorded on {@code day}, if that is an ECG day. */
    Optional<Recording> recordingOn(String userid, LocalDate day) {
        if (day.isBefore(settings.historyStart())
                || Math.floorMod(day.toEpochDay() + Seeds.of(userid, "ecg-phase"), settings.ecgIntervalDays()) != 0) {
            return Optional.empty();
        }
        long seed = Seeds.of(userid, day.toEpochDay(), "ecg");
        long signalId = day.toEpochDay() * SIGNAL_ID_SPREAD + Seeds.between(seed, 0, SIGNAL_ID_SPREAD - 1);
        long timestamp = settings.at(day, 11 * 3600 + Seeds.between(Seeds.mix(seed, 0), 0, 6 * 3600));
        long modified = timestamp + Seeds.between(Seeds.mix(seed, 1), 120, 1800);
        int heartRate = Seeds.between(Seeds.mix(seed, 2), 58, 86);
        int afib = Seeds.between(Seeds.mix(seed, 3), 0, 9) == 0 ? 2 : 0;
        return Optional.of(new Recording(signalId, timestamp, modified, heartRate, afib));
    }

    /** The recording a signal id names, when it is one of this user's. */
    Optional<Recording> recording(String userid, long signalId) {
        LocalDate day = LocalDate.ofEpochDay(Math.floorDiv(signalId, SIGNAL_ID_SPREAD));
        return recordingOn(userid, day).filter(r -> r.signalId() == signalId);
    }

    /** The entry of {@code heart list}. */
    ObjectNode listEntry(String userid, Recording recording) {
        ObjectNode entry = WithingsJson.object();
        entry.put("deviceid", SimulatedDevice.WATCH.deviceId(userid));
        entry.put("model", SimulatedDevice.WATCH.modelId());
        ObjectNode ecg = entry.putObject("ecg");
        ecg.put("signalid", recording.signalId());
        ecg.put("afib", recording.afib());
        entry.put("heart_rate", recording.heartRate());
        entry.put("timestamp", recording.timestamp());
        entry.put("modified", recording.modified());
        entry.put("timezone", settings.zone().getId());
        return entry;
    }

    /** The body of {@code heart get}. */
    ObjectNode signal(String userid, Recording recording) {
        int hz = settings.ecgSamplingFrequency();
        int count = hz * settings.ecgSeconds();
        long seed = Seeds.of(userid, recording.signalId(), "ecg-signal");
        double period = 60.0 / recording.heartRate();
        ObjectNode body = WithingsJson.object();
        var signal = body.putArray("signal");
        for (int i = 0; i < count; i++) {
            double t = (double) i / hz;
            double phase = (t % period) / period;
            double microvolts =
                    wave(phase) + 40 * Math.sin(2 * Math.PI * 0.25 * t) + 15 * (2 * Seeds.unit(Seeds.mix(seed, i)) - 1);
            signal.add(Math.round(microvolts));
        }
        body.put("sampling_frequency", hz);
        body.put("wearposition", WEAR_POSITION_LEFT_WRIST);
        body.put("heart_rate", recording.heartRate());
        body.put("model", SimulatedDevice.WATCH.modelId());
        return body;
    }

    /** One heartbeat, {@code phase} in [0, 1): Gaussian bumps for P, Q, R, S and T. */
    private static double wave(double phase) {
        return bump(phase, 0.20, 0.025, 150)
                + bump(phase, 0.36, 0.008, -120)
                + bump(phase, 0.38, 0.010, 1100)
                + bump(phase, 0.40, 0.010, -250)
                + bump(phase, 0.62, 0.040, 300);
    }

    private static double bump(double x, double center, double width, double amplitude) {
        double d = (x - center) / width;
        return amplitude * Math.exp(-0.5 * d * d);
    }
}
