package org.openhealthexchange.provider.calldoc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
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
    void appointmentsKeepEveryFieldAndTurnUtcIntoPracticeTime() throws Exception {
        List<Appointment> all = parser.appointments(golden("appointment_search.json"));

        assertEquals(3, all.size());
        assertEquals(new Appointment("calldoc", "501", "1698369", LocalDateTime.of(2025, 10, 6, 8, 30), 45, "created",
                "24", "Koronarangiographie", "7", "3"), all.get(0));
        assertEquals(new Appointment("calldoc", "502", "1700001", LocalDateTime.of(2025, 10, 6, 9, 15), null,
                "finished_final", "24", null, "8", "4"), all.get(1));
        assertTrue(all.get(2).canceled());
    }

    @Test
    void patientSearchBecomesDemographics() throws Exception {
        PatientInfo p = parser.patients(golden("patient_search.json")).get("1698369");

        assertEquals(new PatientInfo("calldoc", "1698369", "Testmann", "Alfred", LocalDate.of(1951, 3, 14),
                PatientInfo.Gender.MALE, "Musterweg", "12a", "10115", "Berlin", List.of("030 1234567", "0170 7654321"),
                List.of("a.testmann@example.org"), "Beispiel BKK", "A123456789"), p);
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
        assertThrows(ProviderException.class, () -> parser.appointments(
                mapper.readTree("{\"data\":[{\"id\":1,\"scheduled_for_datetime\":\"2025-10-06T08:00:00\"}]}")));
    }
}
