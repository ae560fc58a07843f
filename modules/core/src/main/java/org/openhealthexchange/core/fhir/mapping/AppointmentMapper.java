package org.openhealthexchange.core.fhir.mapping;

import java.util.Locale;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.Appointment.AppointmentStatus;
import org.hl7.fhir.r4.model.Appointment.ParticipationStatus;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Reference;

/**
 * A practice appointment to an Appointment whose patient is referenced by the practice's patient number
 * ({@code Patient?identifier=urn:ohe:<provider>:patient|<number>}), the identifier the Patient resource of the
 * same sync carries. {@code start}/{@code end} are the record's exact instant: no zone of the mapping context is
 * applied, so the EHR shows the time the practice system booked whatever zone OHE runs in. Everything the practice
 * can change (time, duration, status, notes, staff, room) is in the resource, so re-sending it after a change carries
 * the change.
 */
final class AppointmentMapper {

    private AppointmentMapper() {}

    static Appointment map(org.openhealthexchange.core.record.Appointment record, MappingContext ctx) {
        var appointment = new Appointment();
        appointment.addIdentifier(RecordKinds.keyOf(record, ctx).toIdentifier());
        appointment.setStatus(status(record.status()));
        var start = record.scheduledFor();
        appointment.setStartElement(FhirTimes.instant(start));
        // app-3: a booked or fulfilled appointment needs an end; with no known duration it ends where it starts.
        var minutes = record.durationMinutes();
        appointment.setEndElement(FhirTimes.instant(minutes == null ? start : start.plusSeconds(60L * minutes)));
        if (minutes != null && minutes > 0) {
            appointment.setMinutesDuration(minutes);
        }
        if (present(record.appointmentTypeId())) {
            appointment.setAppointmentType(new CodeableConcept().setText(record.appointmentTypeId()));
        }
        if (present(record.notes())) {
            appointment.setComment(record.notes());
        }
        var patientKey = ctx.key(record.provider(), RecordKinds.PATIENT, record.patientSourceId());
        participant(
                appointment,
                new Reference("Patient?identifier=" + SearchTokens.token(patientKey.system(), patientKey.value())));
        if (present(record.employeeId())) {
            participant(
                    appointment,
                    byIdentifier("Practitioner", ctx.key(record.provider(), "employee", record.employeeId())));
        }
        if (present(record.roomId())) {
            participant(appointment, byIdentifier("Location", ctx.key(record.provider(), "room", record.roomId())));
        }
        return appointment;
    }

    /**
     * CallDoc's statuses ({@code created}, {@code canceled}, {@code finished_final}) and the usual spellings of other
     * practice systems to FHIR's appointment status.
     */
    static AppointmentStatus status(String vendorStatus) {
        var status = vendorStatus == null
                ? ""
                : vendorStatus.trim().toLowerCase(Locale.ROOT).replace('-', '_');
        return switch (status) {
            case "finished", "finished_final", "fulfilled", "completed", "done" -> AppointmentStatus.FULFILLED;
            case "canceled", "cancelled" -> AppointmentStatus.CANCELLED;
            case "arrived" -> AppointmentStatus.ARRIVED;
            case "checked_in", "checkedin" -> AppointmentStatus.CHECKEDIN;
            case "noshow", "no_show" -> AppointmentStatus.NOSHOW;
            case "entered_in_error" -> AppointmentStatus.ENTEREDINERROR;
                // created, confirmed and whatever a practice system invents: the slot is booked for the patient.
            default -> AppointmentStatus.BOOKED;
        };
    }

    private static void participant(Appointment appointment, Reference actor) {
        appointment.addParticipant().setActor(actor).setStatus(ParticipationStatus.ACCEPTED);
    }

    private static Reference byIdentifier(String type, ResourceKey key) {
        return new Reference().setType(type).setIdentifier(key.toIdentifier());
    }

    private static boolean present(String s) {
        return s != null && !s.isBlank();
    }
}
