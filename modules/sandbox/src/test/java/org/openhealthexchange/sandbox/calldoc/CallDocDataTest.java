package org.openhealthexchange.sandbox.calldoc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CallDocDataTest {

    private static final LocalDate SEED_DAY = LocalDate.of(2025, 10, 6);

    private final CallDocData data = new CallDocData(12, Set.of("12-31"), Map.of("2025-10-06:24", "1698369"));

    @Test
    void theSeedsExamplesHold() {
        var day = data.appointments(SEED_DAY, 24);
        assertEquals("1698369", day.get(0).path("piz").asText());
        assertEquals(
                "2025-10-06T05:00:00Z",
                day.get(0).path("scheduled_for_datetime").asText());
        assertNotEquals("canceled", day.get(0).path("status").asText());
        assertTrue(data.patient("1698369").isPresent());
        assertFalse(data.patient("9999999").isPresent());
        assertEquals(0, data.appointments(LocalDate.of(2025, 12, 31), 24).size());
    }

    @Test
    void theSameDayIsTheSameEveryTimeAndVolumeIsConfigurable() {
        assertEquals(
                data.appointments(SEED_DAY, 24).toString(),
                data.appointments(SEED_DAY, 24).toString());
        assertEquals(data.patient("1234567").get(), data.patient("1234567").get());

        var big = new CallDocData(1000, Set.of(), Map.of()).appointments(SEED_DAY, 24);
        assertEquals(1000, big.size());
        Set<Long> ids = new HashSet<>();
        big.forEach(a -> ids.add(a.path("id").asLong()));
        assertEquals(1000, ids.size());
    }

    @Test
    void weekendsHaveNoAppointmentsAndOtherTypesFewer() {
        assertEquals(0, data.appointments(LocalDate.of(2025, 10, 5), 24).size());
        assertEquals(3, data.appointments(SEED_DAY, 25).size());
    }

    @Test
    void anAppointmentIsFoundByItsIdAlone() {
        var third = data.appointments(SEED_DAY, 25).get(2);
        long id = third.path("id").asLong();

        assertEquals(SEED_DAY, CallDocData.dayOf(id));
        assertEquals(25, CallDocData.typeOf(id));
        assertEquals(third, data.appointment(id, 25).orElseThrow());
        assertTrue(
                data.appointment(CallDocData.appointmentId(SEED_DAY, 25, 3), 25).isEmpty(), "only three that day");
        assertTrue(data.appointment(id, 24).isEmpty(), "the id names type 25");
        assertTrue(data.appointment(-1, 24).isEmpty());
    }

    @Test
    void theSimulatorsTimesArePracticeTimeOnBothSidesOfTheClockChange() {
        assertEquals(
                "2025-10-24T05:00:00Z",
                data.appointments(LocalDate.of(2025, 10, 24), 24)
                        .get(0)
                        .path("scheduled_for_datetime")
                        .asText(),
                "07:00 CEST");
        assertEquals(
                "2025-10-27T06:00:00Z",
                data.appointments(LocalDate.of(2025, 10, 27), 24)
                        .get(0)
                        .path("scheduled_for_datetime")
                        .asText(),
                "07:00 CET");
        assertEquals(LocalDate.of(2025, 10, 27), CallDocChanges.practiceDay("2025-10-26T23:30:00Z"));
        assertEquals(LocalDate.of(2025, 10, 26), CallDocChanges.practiceDay("2025-10-26T23:30:00"));
    }
}
