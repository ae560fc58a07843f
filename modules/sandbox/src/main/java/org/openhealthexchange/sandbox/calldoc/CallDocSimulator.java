package org.openhealthexchange.sandbox.calldoc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.openhealthexchange.sandbox.SandboxConfig;

/**
 * The CallDoc simulator's state: the generated practice ({@link CallDocData}), appointments changed through the
 * control endpoint (so a sync can see CallDoc change), the armed fault and call counters. Thread-safe.
 */
@ApplicationScoped
public class CallDocSimulator {

    /** An armed fault: an HTTP status and/or a delay for the next {@code remaining} calls (negative: until cleared). */
    record Fault(int httpStatus, long latencyMillis, int remaining) {
    }

    private final SandboxConfig.CallDoc config;
    private final Map<Long, ObjectNode> changes = new ConcurrentHashMap<>();
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

    /** {@code appointment_search}: {@code {"count":n,"data":[…]}} with changes applied and the status filter. */
    ObjectNode appointmentSearch(LocalDate from, LocalDate to, int type, String status) {
        ArrayNode list = CallDocData.JSON.createArrayNode();
        for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
            for (ObjectNode a : data.appointments(d, type)) {
                ObjectNode changed = changes.get(a.path("id").asLong());
                if (changed != null) {
                    a.setAll(changed);
                }
                if (status == null || status.isBlank() || status.equals(a.path("status").asText())) {
                    list.add(a);
                }
            }
        }
        ObjectNode body = CallDocData.JSON.createObjectNode();
        body.put("count", list.size());
        body.set("data", list);
        return body;
    }

    /** {@code patient_search?piz=}: the patient or an empty list. */
    ObjectNode patientSearch(String piz) {
        ArrayNode list = CallDocData.JSON.createArrayNode();
        if (piz != null) {
            data.patient(piz.trim()).ifPresent(list::add);
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

    /** Control: change fields of an appointment ({@code notes}, {@code scheduled_for_datetime}, {@code status}…). */
    void changeAppointment(long id, JsonNode fields) {
        ObjectNode copy = ((ObjectNode) fields).deepCopy();
        copy.remove(List.of("id", "piz", "appointment_type"));
        changes.merge(id, copy, (old, add) -> {
            old.setAll(add);
            return old;
        });
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
        return s;
    }

    /** Control: forget changes, faults, counters and volume changes. */
    synchronized void reset() {
        changes.clear();
        fault = null;
        appointmentSearches.set(0);
        patientSearches.set(0);
        data = newData(config.appointmentsPerDay());
    }
}
