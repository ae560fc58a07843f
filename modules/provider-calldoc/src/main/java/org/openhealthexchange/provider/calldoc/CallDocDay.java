package org.openhealthexchange.provider.calldoc;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.openhealthexchange.core.record.Appointment;
import org.openhealthexchange.core.record.PatientInfo;

/**
 * The appointments of one type on one day as CallDoc lists them (canceled ones already dropped), with the
 * demographics of their patients by piz.
 *
 * @param found how many appointments CallDoc returned before canceled ones were dropped
 */
public record CallDocDay(int found, List<Appointment> appointments, Map<String, PatientInfo> patients) {

    public CallDocDay {
        appointments = List.copyOf(appointments);
        patients = Map.copyOf(patients);
    }

    public Optional<PatientInfo> patient(String piz) {
        return Optional.ofNullable(patients.get(piz));
    }
}
