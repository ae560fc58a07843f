package org.openhealthexchange.sandbox.calldoc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.openhealthexchange.sandbox.SandboxConfig;

/**
 * The CallDoc simulator's state: the generated practice ({@link CallDocData}), appointments and patients changed
 * through the control endpoints (so a sync can see CallDoc change them), the armed fault and call counters.
 * Thread-safe.
 */
@ApplicationScoped
public class CallDocSimulator {

    /** An armed fault: an HTTP status and/or a delay for the next {@code remaining} calls (negative: until cleared). */
    record Fault(int httpStatus, long latencyMillis, int remaining) {}

    private final SandboxConfig.CallDoc config;
    private final Map<Long, ObjectNode> changes = new ConcurrentHashMap<>();
    private final Map<String, ObjectNode> patientChanges = new ConcurrentHashMap<>();
    private final AtomicLong appointmentSearches = new AtomicLong();
    private final AtomicLong patientSearches = new AtomicLong();
    private volatile CallDocData data;
    private Fault fault;

    @Inject
    public CallDocSimulator(SandboxConfig config) {
        this.config = config.calldoc();
        this.data = newData(this.config.appointmentsPerDay());
        int status = this.config.httpStatus().orElse(0);
        long latency = this.config.latency().toMillis();
        this.fault = status == 0 && latency == 0 ? null : new Fault(status, latency, -1);
    }

    private CallDocData newData(int perDay) {
        Map<String, String> pinned = new HashMap<>();
        for (String p : config.pinned()) {
            int last = p.lastIndexOf(':');
            pinned.put(p.substring(0, last), p.substring(last + 1));
        }
        return new CallDocData(perDay, new HashSet<>(config.closedDays()), pinned);
    }

    /**
     * {@code appointment_search}: {@code {"count":n,"data":[…]}} with changes applied, in time order, filtered by the
     * practice day each appointment now has (a rescheduled one moves to its new day) and by status.
     */
    ObjectNode appointmentSearch(LocalDate from, LocalDate to, int type, String status) {
        CallDocData current = data;
        List<ObjectNode> found = new ArrayList<>();
        for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
            current.appointments(d, type).forEach(a -> found.add(changed(a)));
        }
        // Appointments moved into the window from a day outside it.
        changes.forEach((id, change) -> {
            LocalDate generated = CallDocData.dayOf(id);
            if (change.has("scheduled_for_datetime")
                    && (generated.isBefore(from) || generated.isAfter(to))
                    && CallDocData.typeOf(id) == type % 100) {
                current.appointment(id, type).ifPresent(a -> found.add(changed(a)));
            }
        });
        ArrayNode list = CallDocData.JSON.createArrayNode();
        found.stream()
                .filter(a -> {
                    LocalDate day = CallDocChanges.practiceDay(
                            a.path("scheduled_for_datetime").asText());
                    return !day.isBefore(from) && !day.isAfter(to);
                })
                .filter(a -> status == null
                        || status.isBlank()
                        || status.equals(a.path("status").asText()))
                .sorted(Comparator.comparing(a ->
                        CallDocChanges.instant(a.path("scheduled_for_datetime").asText())))
                .forEach(list::add);
        ObjectNode body = CallDocData.JSON.createObjectNode();
        body.put("count", list.size());
        body.set("data", list);
        return body;
    }

    /** One appointment by id as {@code appointment_search} lists it, changes applied. */
    Optional<ObjectNode> appointment(long id) {
        return data.appointment(id, CallDocData.typeOf(id)).map(this::changed);
    }

    private ObjectNode changed(ObjectNode generated) {
        ObjectNode change = changes.get(generated.path("id").asLong());
        if (change != null) {
            generated.setAll(change.deepCopy());
        }
        return generated;
    }

    /** {@code patient_search?piz=}: the patient or an empty list. */
    ObjectNode patientSearch(String piz) {
        ArrayNode list = CallDocData.JSON.createArrayNode();
        if (piz != null) {
            patient(piz.trim()).ifPresent(list::add);
        }
        ObjectNode body = CallDocData.JSON.createObjectNode();
        body.put("count", list.size());
        body.set("data", list);
        return body;
    }

    /** Counts a search request as it arrives, whether it is then answered or faulted. */
    void asked(boolean appointmentSearch) {
        (appointmentSearch ? appointmentSearches : patientSearches).incrementAndGet();
    }

    private Optional<ObjectNode> patient(String piz) {
        return data.patient(piz).map(p -> {
            ObjectNode change = patientChanges.get(piz);
            return change == null ? p : p.setAll(change.deepCopy());
        });
    }

    /**
     * Control: change fields of an existing appointment ({@link CallDocChanges#APPOINTMENT_FIELDS}), merged into
     * earlier changes; false when there is no such appointment. Throws {@link IllegalArgumentException} for a change
     * CallDoc could not make.
     */
    boolean changeAppointment(long id, JsonNode fields) {
        ObjectNode change = CallDocChanges.appointment(fields);
        if (appointment(id).isEmpty()) {
            return false;
        }
        changes.merge(id, change, (old, add) -> old.setAll(add));
        return true;
    }

    /** Control: change demographics of an existing patient ({@link CallDocChanges#PATIENT_FIELDS}), merged likewise. */
    boolean changePatient(String piz, JsonNode fields) {
        ObjectNode change = CallDocChanges.patient(fields);
        if (!CallDocData.patientExists(piz)) {
            return false;
        }
        patientChanges.merge(piz, change, (old, add) -> old.setAll(add));
        return true;
    }

    /** Control: appointments of type 24 per open day from now on. */
    void setAppointmentsPerDay(int perDay) {
        data = newData(perDay);
    }

    synchronized void arm(Fault armed) {
        fault = armed;
    }

    /** The fault this call suffers, counting it off; null when none is armed. */
    synchronized Fault takeFault() {
        Fault f = fault;
        if (f != null && f.remaining() > 0) {
            fault = f.remaining() == 1 ? null : new Fault(f.httpStatus(), f.latencyMillis(), f.remaining() - 1);
        }
        return f;
    }

    ObjectNode stats() {
        ObjectNode s = CallDocData.JSON.createObjectNode();
        s.put("appointment_searches", appointmentSearches.get());
        s.put("patient_searches", patientSearches.get());
        s.put("changed_appointments", changes.size());
        s.put("changed_patients", patientChanges.size());
        return s;
    }

    /** Control: forget changes, faults, counters and volume changes. */
    synchronized void reset() {
        changes.clear();
        patientChanges.clear();
        fault = null;
        appointmentSearches.set(0);
        patientSearches.set(0);
        data = newData(config.appointmentsPerDay());
    }
}
