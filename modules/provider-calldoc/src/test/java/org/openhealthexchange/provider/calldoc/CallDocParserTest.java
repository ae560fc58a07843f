package org.openhealthexchange.provider.calldoc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.openhealthexchange.core.record.Appointment;
import org.openhealthexchange.core.record.PatientInfo;
import org.openhealthexchange.core.spi.ProviderException;

class CallDocParserTest {

    private final CallDocParser parser = new CallDocParser(ZoneId.of("Europe/Berlin"));

    static JsonNode golden(String name) throws IOException {
        try (InputStream in = CallDocParserTest.class.getResourceAsStream("/calldoc/" + name)) {
            return new ObjectMapper().readTree(in);
        }
    }

    @Test
    void appointmentsKeepEveryFieldAndCallDocsExactInstant() throws Exception {
        List<Appointment> all = parser.appointments(golden("appointment_search.json"));

        assertEquals(3, all.size());
        assertEquals(
                new Appointment(
                        "calldoc",
                        "501",
                        "1698369",
                        Instant.parse("2025-10-06T06:30:00Z"),
                        45,
                        "created",
                        "24",
                        "Koronarangiographie",
                        "7",
                        "3"),
                all.get(0));
        // No offset on the wire: 09:15 practice time, which is CEST in October.
        assertEquals(
                new Appointment(
                        "calldoc",
                        "502",
                        "1700001",
                        Instant.parse("2025-10-06T07:15:00Z"),
                        null,
                        "finished_final",
                        "24",
                        null,
                        "8",
                        "4"),
                all.get(1));
        assertEquals(
                new Appointment(
                        "calldoc",
                        "503",
                        "1700002",
                        Instant.parse("2025-10-06T11:00:00Z"),
                        null,
                        "canceled",
                        "24",
                        null,
                        null,
                        null),
                all.get(2));
        assertTrue(all.get(2).canceled());
    }

    /** Every form CallDoc may send, around both clock changes of 2025 in Berlin. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "2025-03-30T00:30:00Z,             2025-03-30T00:30:00Z",
        "2025-03-30T01:30:00Z,             2025-03-30T01:30:00Z",
        "2025-03-30T03:30:00+02:00,        2025-03-30T01:30:00Z",
        "2025-03-30T01:30:00+0100,         2025-03-30T00:30:00Z",
        "2025-03-30T03:30:00+02,           2025-03-30T01:30:00Z",
        "2025-03-30T01:30:00,              2025-03-30T00:30:00Z", // practice time, still CET
        "2025-03-30T03:30:00,              2025-03-30T01:30:00Z", // practice time, already CEST
        "2025-03-31T08:00,                 2025-03-31T06:00:00Z", // without seconds
        "2025-10-26T00:30:00Z,             2025-10-26T00:30:00Z",
        "2025-10-26T02:30:00+02:00,        2025-10-26T00:30:00Z", // the first 02:30
        "2025-10-26T02:30:00+01:00,        2025-10-26T01:30:00Z", // the second 02:30
        "2025-10-26T01:30:00.000000Z,      2025-10-26T01:30:00Z", // Python's microseconds
        "2025-10-26 01:30:00.250Z,         2025-10-26T01:30:00.250Z",
        "2025-10-26T01:30:00z,             2025-10-26T01:30:00Z",
        "2025-10-26T03:30:00,              2025-10-26T02:30:00Z", // practice time, CET again
        "2025-10-26T02:30:00,              2025-10-26T00:30:00Z", // ambiguous wall time: the earlier instant
    })
    void scheduledForBecomesTheInstantCallDocMeans(String wire, String instant) throws Exception {
        JsonNode body = new ObjectMapper()
                .readTree("{\"data\":[{\"id\":1,\"piz\":\"1\",\"scheduled_for_datetime\":\"" + wire + "\"}]}");
        assertEquals(Instant.parse(instant), parser.appointments(body).get(0).scheduledFor());
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"06.10.2025 08:30", "2025-10-06", "2025-10-06T25:00:00Z", "2025-10-06T08:00:00 CEST", ""})
    void aDateTimeInAnyOtherFormIsABadResponseNotAGuess(String wire) throws Exception {
        JsonNode body = new ObjectMapper()
                .readTree("{\"data\":[{\"id\":1,\"piz\":\"1\",\"scheduled_for_datetime\":\"" + wire + "\"}]}");
        assertThrows(ProviderException.class, () -> parser.appointments(body));
    }

    @Test
    void patientSearchBecomesDemographics() throws Exception {
        PatientInfo p = parser.patients(golden("patient_search.json")).get("1698369");

        assertEquals(
                new PatientInfo(
                        "calldoc",
                        "1698369",
                        "Testmann",
                        "Alfred",
                        LocalDate.of(1951, 3, 14),
                        PatientInfo.Gender.MALE,
                        "Musterweg",
                        "12a",
                        "10115",
                        "Berlin",
                        List.of("030 1234567", "0170 7654321"),
                        List.of("a.testmann@example.org"),
                        "Beispiel BKK",
                        "A123456789"),
                p);
    }

    @Test
    void missingFieldsAreNullAndGenderUnknown() throws Exception {
        JsonNode body = new ObjectMapper().readTree("{\"data\":[{\"piz\":\"1\",\"surname\":\"X\"}]}");
        PatientInfo p = parser.patients(body).get("1");
        assertNull(p.birthDate());
        assertEquals(PatientInfo.Gender.UNKNOWN, p.gender());
        assertEquals(List.of(), p.phones());
    }

    @Test
    void aBodyWithoutDataOrAnAppointmentWithoutPizIsABadResponse() throws Exception {
        var mapper = new ObjectMapper();
        assertThrows(ProviderException.class, () -> parser.appointments(mapper.readTree("{\"count\":0}")));
        assertThrows(
                ProviderException.class,
                () -> parser.appointments(
                        mapper.readTree("{\"data\":[{\"id\":1,\"scheduled_for_datetime\":\"2025-10-06T08:00:00\"}]}")));
    }
}
