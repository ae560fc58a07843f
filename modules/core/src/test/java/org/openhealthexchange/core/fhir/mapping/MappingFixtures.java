package org.openhealthexchange.core.fhir.mapping;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.openhealthexchange.core.record.Appointment;
import org.openhealthexchange.core.record.DataType;
import org.openhealthexchange.core.record.DeviceInfo;
import org.openhealthexchange.core.record.Ecg;
import org.openhealthexchange.core.record.Measurement;
import org.openhealthexchange.core.record.PatientInfo;
import org.openhealthexchange.core.record.Series;

/** Records as the adapters produce them, with the values the golden files expect. */
final class MappingFixtures {

    static final Instant MORNING = Instant.parse("2024-01-15T07:30:00Z");
    /** A context clock outside UTC: no mapping may depend on its zone (an appointment's instant is exact). */
    static final Clock BERLIN = Clock.fixed(Instant.parse("2024-03-01T00:00:00Z"), ZoneId.of("Europe/Berlin"));
    /** The vendor account the fixtures' records came from. */
    static final String ACCOUNT = "wu-7";

    static final MappingContext CTX =
            MappingContext.forEhrUser("ehr-42", ACCOUNT, MappingContext.DEFAULT_PATIENT_IDENTIFIER_SYSTEM, BERLIN);

    private MappingFixtures() {}

    static Measurement withings(DataType type, String metric, String sourceId, String value, String unit) {
        return new Measurement("withings", sourceId, type, metric, new BigDecimal(value), unit, MORNING, null, "dev-1");
    }

    static Measurement weight() {
        return withings(DataType.WEIGHT, "weight", "grp-1", "72.35", "kg");
    }

    static Measurement height() {
        return withings(DataType.HEIGHT, "height", "grp-3", "1.82", "m");
    }

    static List<Measurement> bloodPressure() {
        return List.of(
                new Measurement(
                        "withings",
                        "grp-2-sys",
                        DataType.BLOOD_PRESSURE,
                        "systolic",
                        new BigDecimal("128"),
                        "mm[Hg]",
                        MORNING,
                        "grp-2",
                        "dev-2"),
                new Measurement(
                        "withings",
                        "grp-2-dia",
                        DataType.BLOOD_PRESSURE,
                        "diastolic",
                        new BigDecimal("82"),
                        "mm[Hg]",
                        MORNING,
                        "grp-2",
                        "dev-2"));
    }

    /** Every metric the adapters emit besides blood pressure, one each. */
    static List<Measurement> allSingleMetrics() {
        return List.of(
                weight(),
                height(),
                withings(DataType.BODY_FAT, "fat_ratio", "grp-1", "18.4", "%"),
                withings(DataType.BODY_FAT, "fat_mass", "grp-1", "13.3", "kg"),
                withings(DataType.BODY_FAT, "fat_free_mass", "grp-1", "59.05", "kg"),
                withings(DataType.HEART_RATE, null, "grp-2-hr", "64", "/min"),
                withings(DataType.BODY_TEMPERATURE, "body_temperature", "t-5", "36.8", "Cel"),
                withings(DataType.OXYGEN_SATURATION, "oxygen_saturation", "s-6", "97", "%"),
                fitbit(DataType.HEART_RATE_VARIABILITY, "hrv_sdnn", "2024-01-15", "48.2", "ms"),
                fitbit(DataType.STEPS, "steps_daily", "2024-01-15", "8432", "/d"),
                fitbit(DataType.SLEEP, "sleep_duration", "2024-01-15", "7.25", "h"),
                withings(DataType.BODY_TEMPERATURE, "skin_temperature", "t-7", "33.4", "Cel"),
                withings(DataType.BODY_FAT, "muscle_mass", "grp-1", "56.12", "kg"),
                withings(DataType.BODY_FAT, "body_water_mass", "grp-1", "41.3", "kg"),
                withings(DataType.BODY_FAT, "bone_mass", "grp-1", "2.95", "kg"),
                fitbit(DataType.HEART_RATE_VARIABILITY, "hrv_rmssd", "2024-01-15", "34.9", "ms"));
    }

    static Measurement fitbit(DataType type, String metric, String sourceId, String value, String unit) {
        return new Measurement("fitbit", sourceId, type, metric, new BigDecimal(value), unit, MORNING, null, null);
    }

    static Series heartRateSeries() {
        return new Series(
                "fitbit",
                "hr-2024-01-15",
                DataType.HEART_RATE,
                Instant.parse("2024-01-15T00:00:00Z"),
                Duration.ofMinutes(1),
                new double[] {61, 62.5, Double.NaN, 64},
                "/min",
                null);
    }

    static Ecg ecg() {
        return new Ecg(
                "withings",
                "ecg-77",
                Instant.parse("2024-01-15T07:45:10Z"),
                300,
                new int[] {0, 12, -8, 35, 120, 410, 95, -30},
                null,
                72,
                "normal",
                "dev-2");
    }

    static DeviceInfo scale() {
        return new DeviceInfo("withings", "dev-1", "Scale", "Body+", "Withings", "high", MORNING);
    }

    static PatientInfo patient() {
        return new PatientInfo(
                "calldoc",
                "P-4711",
                "Muster",
                "Erika",
                LocalDate.of(1964, 8, 12),
                PatientInfo.Gender.FEMALE,
                "Hauptstraße",
                "5",
                "10115",
                "Berlin",
                List.of("+49 30 1234567"),
                List.of("erika@example.org"),
                "AOK Nordost",
                "A123456789");
    }

    static Appointment appointment() {
        // 09:30 in a Berlin practice in March, as CallDoc sends it: 08:30 UTC.
        return new Appointment(
                "calldoc",
                "T-9001",
                "P-4711",
                Instant.parse("2024-03-05T08:30:00Z"),
                45,
                "created",
                "24",
                "Herzkatheter, nüchtern erscheinen",
                "E-12",
                "R-3");
    }
}
