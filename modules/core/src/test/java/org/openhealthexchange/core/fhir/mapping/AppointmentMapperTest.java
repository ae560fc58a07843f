package org.openhealthexchange.core.fhir.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.hl7.fhir.r4.model.Appointment.AppointmentStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.openhealthexchange.core.fhir.R4Validator;
import org.openhealthexchange.core.record.Appointment;

/** CallDoc appointments in the EHR: the exact instant CallDoc booked, CallDoc's status, every change carried. */
class AppointmentMapperTest {

    private final FhirMapper mapper = new FhirMapper();

    private static Appointment appointment(Instant start, Integer minutes, String status, String notes) {
        return new Appointment("calldoc", "T-1", "P-1", start, minutes, status, "24", notes, "E-1", "R-1");
    }

    private org.hl7.fhir.r4.model.Appointment map(Appointment record, MappingContext ctx) {
        var appointment = (org.hl7.fhir.r4.model.Appointment)
                mapper.map(List.of(record), ctx).get(0);
        var report = R4Validator.shared().validate(appointment);
        assertTrue(report.valid(), () -> String.join("\n", report.errors()));
        return appointment;
    }

    /** Around both Berlin clock changes of 2025: the instant goes through unchanged, whatever the context's zone. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "2025-03-30T00:30:00Z, 2025-03-30T01:00:00Z", // 01:30 CET, the last half hour before 02:00 jumps to 03:00
        "2025-03-30T01:30:00Z, 2025-03-30T02:00:00Z", // 03:30 CEST
        "2025-03-31T06:00:00Z, 2025-03-31T06:30:00Z", // 08:00 CEST, the first working day after the change
        "2025-10-26T00:30:00Z, 2025-10-26T01:00:00Z", // 02:30 CEST, the first of the two 02:30s
        "2025-10-26T01:30:00Z, 2025-10-26T02:00:00Z", // 02:30 CET, the second
        "2025-10-27T07:00:00Z, 2025-10-27T07:30:00Z", // 08:00 CET
    })
    void startAndEndAreCallDocsInstantAcrossTheClockChanges(String start, String end) {
        var record = appointment(Instant.parse(start), 30, "created", null);
        for (ZoneId zone : List.of(ZoneId.of("UTC"), ZoneId.of("Europe/Berlin"), ZoneId.of("America/New_York"))) {
            var ctx = MappingContext.forEhrUser(
                    "practice",
                    "praxis-1",
                    MappingContext.DEFAULT_PATIENT_IDENTIFIER_SYSTEM,
                    Clock.fixed(Instant.parse("2025-01-01T00:00:00Z"), zone));
            var mapped = map(record, ctx);
            assertEquals(start, mapped.getStartElement().getValueAsString(), zone.getId());
            assertEquals(end, mapped.getEndElement().getValueAsString(), zone.getId());
            assertEquals(Instant.parse(start), mapped.getStart().toInstant());
        }
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            nullValues = "null",
            value = {
                "created,          BOOKED",
                "finished_final,   FULFILLED",
                "canceled,         CANCELLED",
                "cancelled,        CANCELLED",
                "Completed,        FULFILLED",
                "done,             FULFILLED",
                "no-show,          NOSHOW",
                "checked_in,       CHECKEDIN",
                "arrived,          ARRIVED",
                "entered-in-error, ENTEREDINERROR",
                "null,             BOOKED",
                "something_new,    BOOKED",
            })
    void callDocsStatusBecomesTheAppointmentStatusAndEveryOneIsValid(String vendor, AppointmentStatus expected) {
        var mapped = map(appointment(Instant.parse("2025-10-06T06:30:00Z"), 45, vendor, "PCI"), MappingFixtures.CTX);
        assertEquals(expected, mapped.getStatus());
    }

    @Test
    void aRescheduledAnnotatedCanceledAppointmentKeepsItsIdentifierAndCarriesEveryChange() {
        var booked = map(appointment(Instant.parse("2025-10-06T06:30:00Z"), 45, "created", "PCI"), MappingFixtures.CTX);
        var changed = map(
                appointment(Instant.parse("2025-10-07T08:00:00Z"), 60, "canceled", "abgesagt"), MappingFixtures.CTX);

        assertTrue(booked.getIdentifierFirstRep().equalsDeep(changed.getIdentifierFirstRep()));
        assertEquals(AppointmentStatus.CANCELLED, changed.getStatus());
        assertEquals("2025-10-07T08:00:00Z", changed.getStartElement().getValueAsString());
        assertEquals("2025-10-07T09:00:00Z", changed.getEndElement().getValueAsString());
        assertEquals(60, changed.getMinutesDuration());
        assertEquals("abgesagt", changed.getComment());
        assertFalse(
                map(appointment(Instant.parse("2025-10-06T06:30:00Z"), 45, "created", null), MappingFixtures.CTX)
                        .hasComment(),
                "removed notes leave no stale comment");
    }

    @Test
    void anAppointmentWithoutDurationIsStillAValidBookedAppointment() {
        var mapped = map(
                new Appointment(
                        "calldoc",
                        "T-1",
                        "P-1",
                        Instant.parse("2024-07-01T12:00:00Z"),
                        null,
                        "created",
                        null,
                        null,
                        null,
                        null),
                MappingFixtures.CTX);

        assertEquals("2024-07-01T12:00:00Z", mapped.getStartElement().getValueAsString());
        assertEquals(mapped.getStart(), mapped.getEnd());
        assertFalse(mapped.hasMinutesDuration());
    }
}
