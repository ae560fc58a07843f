package org.openhealthexchange.provider.withings.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.OptionalLong;
import org.openhealthexchange.core.record.Ecg;
import org.openhealthexchange.core.spi.ProviderException;
import org.openhealthexchange.provider.withings.client.WithingsJson;
import org.openhealthexchange.provider.withings.config.Withings;

/**
 * Joins one {@code heart list} row (time, device, AFib class) with its {@code heart get} signal into an ECG.
 * Withings records a single lead and does not name it, so the lead stays unset rather than guessed.
 */
public final class WithingsEcgParser {

    private WithingsEcgParser() {}

    /** The signal id of a list row, empty when the row is a blood-pressure reading without an ECG. */
    public static OptionalLong signalId(JsonNode listRow) {
        return WithingsJson.number(listRow.path("ecg"), "signalid");
    }

    public static Ecg parse(JsonNode listRow, JsonNode signal) throws ProviderException {
        long signalId = signalId(listRow).orElseThrow(() -> WithingsJson.badResponse("ECG row without signalid"));
        String what = "ECG " + signalId;
        Instant start = Instant.ofEpochSecond(WithingsJson.requireNumber(listRow, "timestamp", what));
        long frequency = WithingsJson.requireNumber(signal, "sampling_frequency", what);
        if (frequency <= 0) {
            throw WithingsJson.badResponse(what + " has sampling frequency " + frequency);
        }
        JsonNode points = signal.path("signal");
        if (!points.isArray()) {
            throw WithingsJson.badResponse(what + " without a signal array");
        }
        int[] microVolts = new int[points.size()];
        for (int i = 0; i < microVolts.length; i++) {
            JsonNode point = points.get(i);
            if (!point.isIntegralNumber()) {
                throw WithingsJson.badResponse(what + " has a non-integer sample at " + i);
            }
            microVolts[i] = point.intValue();
        }
        OptionalLong heartRate = WithingsJson.number(signal, "heart_rate");
        if (heartRate.isEmpty()) {
            heartRate = WithingsJson.number(listRow, "heart_rate");
        }
        return new Ecg(
                Withings.ID,
                "ecg-" + signalId,
                start,
                frequency,
                microVolts,
                null,
                heartRate.isPresent() ? (int) heartRate.getAsLong() : null,
                classification(WithingsJson.number(listRow.path("ecg"), "afib")),
                WithingsJson.deviceId(listRow));
    }

    /** Withings' AFib result: 0 negative, 1 positive, 2 inconclusive; anything else is left unclassified. */
    static String classification(OptionalLong afib) {
        if (afib.isEmpty()) {
            return null;
        }
        return switch ((int) afib.getAsLong()) {
            case 0 -> "negative";
            case 1 -> "positive";
            case 2 -> "inconclusive";
            default -> null;
        };
    }
}
