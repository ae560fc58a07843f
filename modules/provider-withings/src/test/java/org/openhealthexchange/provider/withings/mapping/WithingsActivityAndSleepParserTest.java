package org.openhealthexchange.provider.withings.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.openhealthexchange.provider.withings.FakeWithings.goldenBody;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openhealthexchange.core.record.DataType;
import org.openhealthexchange.core.record.Measurement;
import org.openhealthexchange.core.spi.ProviderException;

class WithingsActivityAndSleepParserTest {

    static final String TRACKER = "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678";

    /** Long after the fixture's days. */
    static final Instant LATER = Instant.parse("2024-07-01T00:00:00Z");

    @Test
    void dailyStepsAreDatedAtTheStartOfTheDayInTheActivitysTimezone() throws Exception {
        List<Measurement> steps = WithingsActivityParser.parse(goldenBody("getactivity.json"), LATER);

        assertEquals(
                List.of(
                        steps("activity-2024-06-01", "8412", "2024-05-31T22:00:00Z", TRACKER),
                        steps("activity-2024-06-02", "10233", "2024-06-02T04:00:00Z", null),
                        steps("activity-2024-06-03", "0", "2024-06-03T00:00:00Z", TRACKER)),
                steps);
    }

    @Test
    void aDayThatIsNotOverWhereItWasLivedIsLeftOut() throws Exception {
        // 2024-06-03T03:00Z: Berlin's 2 June is over, New York's (UTC-4) is not, nor UTC's 3 June.
        List<Measurement> steps =
                WithingsActivityParser.parse(goldenBody("getactivity.json"), Instant.parse("2024-06-03T03:00:00Z"));

        assertEquals(
                List.of("activity-2024-06-01"),
                steps.stream().map(Measurement::sourceId).toList());
    }

    @Test
    void anActivityWithAnUnreadableDateIsABadResponse() throws Exception {
        var body = new ObjectMapper().readTree("{\"activities\":[{\"date\":\"01/06/2024\",\"steps\":5}]}");

        ProviderException e = assertThrows(ProviderException.class, () -> WithingsActivityParser.parse(body, LATER));
        assertEquals(ProviderException.Kind.BAD_RESPONSE, e.kind());
    }

    @Test
    void sleepNightsBecomeHoursOfSleepFallingBackToExternalDurations() throws Exception {
        List<Measurement> nights = WithingsSleepParser.parse(goldenBody("sleep-getsummary.json"));

        assertEquals(
                List.of(
                        new Measurement(
                                "withings",
                                "sleep-2081804182",
                                DataType.SLEEP,
                                "sleep_duration",
                                new BigDecimal("7.5"),
                                "h",
                                Instant.ofEpochSecond(1717189200),
                                null,
                                "aa11bb22cc33dd44ee55ff66aa77bb88cc99dd00"),
                        new Measurement(
                                "withings",
                                "sleep-2081804190",
                                DataType.SLEEP,
                                "sleep_duration",
                                new BigDecimal("6.944"),
                                "h",
                                Instant.ofEpochSecond(1717275600),
                                null,
                                null)),
                nights);
    }

    @Test
    void aNightWithoutIdIsKeyedByItsDate() throws Exception {
        var body = new ObjectMapper()
                .readTree("{\"series\":[{\"date\":\"2024-06-05\","
                        + "\"timezone\":\"Europe/Berlin\",\"data\":{\"total_sleep_time\":3600}}]}");

        Measurement night = WithingsSleepParser.parse(body).get(0);

        assertEquals("sleep-2024-06-05", night.sourceId());
        assertEquals(Instant.parse("2024-06-04T22:00:00Z"), night.effective());
        assertEquals(new BigDecimal("1"), night.value());
    }

    static Measurement steps(String id, String value, String at, String device) {
        return new Measurement(
                "withings",
                id,
                DataType.STEPS,
                "steps_daily",
                new BigDecimal(value),
                "/d",
                Instant.parse(at),
                null,
                device);
    }
}
