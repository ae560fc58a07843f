package org.openhealthexchange.provider.calldoc;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.openhealthexchange.core.record.Appointment;
import org.openhealthexchange.core.record.PatientInfo;

/**
 * The appointments of one type on one day as CallDoc lists them, canceled ones included with their status, with the
 * demographics of their patients by piz.
 *
 * @param found how many appointments CallDoc returned for the whole day (before one patient's were picked)
 */
public record CallDocDay(int found, List<Appointment> appointments, Map<String, PatientInfo> patients) {

    public CallDocDay {
        appointments = List.copyOf(appointments);
        patients = Map.copyOf(patients);
    }

    public Optional<PatientInfo> patient(String piz) {
        return Optional.ofNullable(patients.get(piz));
    }

    /** The appointments that still take place: what SQLHK gets an examination for. */
    public List<Appointment> active() {
        return appointments.stream().filter(a -> !a.canceled()).toList();
    }
}
