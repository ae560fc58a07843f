package org.openhealthexchange.provider.calldoc.tasks;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openhealthexchange.core.record.Appointment;
import org.openhealthexchange.core.record.HealthRecord;
import org.openhealthexchange.core.record.PatientInfo;
import org.openhealthexchange.core.spi.PublishBatch;
import org.openhealthexchange.core.spi.PublishResult;
import org.openhealthexchange.core.spi.PublishResult.EntryOutcome;
import org.openhealthexchange.core.spi.PublishResult.Status;
import org.openhealthexchange.core.spi.Sink;
import org.openhealthexchange.core.spi.SinkDirectory;
import org.openhealthexchange.core.spi.jobs.DeadlineExceededException;
import org.openhealthexchange.provider.calldoc.CallDocAdapter;
import org.openhealthexchange.provider.calldoc.CallDocDay;

/**
 * Runs one task: reads the day from CallDoc, writes the primary sink ({@code ohe.provider.calldoc.tasks.primary-sink},
 * SQLHK) and every other sink configured for CallDoc ({@code ohe.pipeline.sinks.calldoc}, e.g. FHIR) and builds the
 * seed's {@code result} object. A sink that fails entirely fails the task; a single record that fails is
 * listed in {@code stats.errors}. Canceled appointments go to every sink, so the EHR learns of a cancellation; SQLHK
 * skips them, and the result reports them as the seed's SQLHK sync did: not found for a single patient, counted in
 * {@code canceled_skipped} for a day.
 */
@ApplicationScoped
class CallDocSyncRunner {

    static final String PROVIDER = "calldoc";

    /** Reports the progress of a full-day task. */
    interface Progress {
        void report(int processed, int total) throws Exception;
    }

    /** What a task ended with: the seed's {@code result} object. */
    record Outcome(Map<String, Object> result) {}

    private final CallDocAdapter calldoc;
    private final SinkDirectory sinks;
    private final CallDocTasksConfig config;

    CallDocSyncRunner(CallDocAdapter calldoc, SinkDirectory sinks, CallDocTasksConfig config) {
        this.calldoc = calldoc;
        this.sinks = sinks;
        this.config = config;
    }

    /** The seed's {@code result} of the task {@code taskId} for {@code task}; past {@code deadline} it stops. */
    Outcome run(String taskId, TaskRequest task, Instant deadline, Progress progress) throws Exception {
        long started = System.nanoTime();
        CallDocDay day = calldoc.day(task.date(), task.appointmentTypeId(), task.singlePatient() ? task.piz() : null);
        Map<String, Object> result = task.singlePatient()
                ? singlePatient(taskId, task, day, deadline)
                : fullDay(taskId, task, day, deadline, progress);
        result.put("execution_time_ms", (System.nanoTime() - started) / 1_000_000);
        return new Outcome(reorder(result));
    }

    private Map<String, Object> singlePatient(String taskId, TaskRequest task, CallDocDay day, Instant deadline)
            throws Exception {
        Map<String, Object> result = new LinkedHashMap<>();
        Map<String, Object> stats = new LinkedHashMap<>();
        List<String> errors = new ArrayList<>();
        PatientInfo patient = day.patient(task.piz()).orElse(null);
        List<Appointment> all = day.appointments();
        boolean found = !day.active().isEmpty();
        stats.put("appointments_found", day.active().size());
        stats.put("patient_found", found);
        stats.put("sqlhk_action", null);
        stats.put("errors", errors);
        result.put("patient", patient(found, patient));
        result.put("stats", stats);
        result.put("sqlhk_sync", null);
        if (day.found() == 0) {
            return outcome(result, false, "Keine Termine am " + task.date() + " gefunden");
        }
        String noAppointment = "Patient " + task.piz() + " hat am " + task.date() + " keinen Termin";
        if (all.isEmpty()) {
            return outcome(result, false, noAppointment);
        }
        checkDeadline(deadline);
        List<HealthRecord> records = new ArrayList<>();
        if (patient != null) {
            records.add(patient);
        }
        records.addAll(all);
        PublishResult written = publishEverywhere(taskId, records, errors);
        if (!found) {
            // Only canceled appointments: the other sinks have the cancellation, SQLHK had nothing to write.
            return outcome(result, false, noAppointment);
        }
        List<EntryOutcome> entries = written.entries()
                .subList(patient == null ? 0 : 1, written.entries().size());
        List<EntryOutcome> appointments = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            if (!all.get(i).canceled()) {
                appointments.add(entries.get(i));
            }
        }
        appointments.stream().filter(e -> e.status() == Status.FAILED).forEach(e -> errors.add(e.error()));
        EntryOutcome first = appointments.stream()
                .filter(e -> e.status() != Status.FAILED)
                .findFirst()
                .orElse(null);
        if (first == null) {
            return outcome(result, false, "Untersuchung konnte nicht geschrieben werden");
        }
        String action = action(appointments);
        stats.put("sqlhk_action", action);
        Map<String, Object> sqlhk = new LinkedHashMap<>();
        sqlhk.put("action", action);
        sqlhk.put("untersuchung_id", Integer.valueOf(first.targetId()));
        result.put("sqlhk_sync", sqlhk);
        return outcome(
                result,
                errors.isEmpty(),
                errors.isEmpty()
                        ? "Single-Patient erfolgreich synchronisiert"
                        : "Single-Patient mit Fehlern synchronisiert");
    }

    private Map<String, Object> fullDay(
            String taskId, TaskRequest task, CallDocDay day, Instant deadline, Progress progress) throws Exception {
        List<Appointment> appointments = day.appointments();
        int total = appointments.size();
        int active = day.active().size();
        progress.report(0, total);
        List<String> errors = new ArrayList<>();
        Map<String, Integer> counts = new LinkedHashMap<>(Map.of("created", 0, "updated", 0, "already_exists", 0));
        int chunkSize = Math.max(1, config.dayChunkSize());
        for (int from = 0; from < total; from += chunkSize) {
            checkDeadline(deadline);
            List<Appointment> chunk = appointments.subList(from, Math.min(total, from + chunkSize));
            List<HealthRecord> records = new ArrayList<>();
            chunk.stream().map(Appointment::patientSourceId).distinct().forEach(piz -> day.patient(piz)
                    .ifPresent(records::add));
            int patients = records.size();
            records.addAll(chunk);
            PublishResult written = publishEverywhere(taskId, records, errors);
            List<EntryOutcome> entries =
                    written.entries().subList(patients, written.entries().size());
            for (int i = 0; i < entries.size(); i++) {
                EntryOutcome e = entries.get(i);
                if (chunk.get(i).canceled() && e.status() != Status.FAILED) {
                    continue; // SQLHK skipped it: counted in canceled_skipped
                }
                switch (e.status()) {
                    case CREATED -> counts.merge("created", 1, Integer::sum);
                    case UPDATED -> counts.merge("updated", 1, Integer::sum);
                    case UNCHANGED -> counts.merge("already_exists", 1, Integer::sum);
                    case FAILED -> errors.add(e.sourceId() + ": " + e.error());
                }
            }
            progress.report(from + chunk.size(), total);
        }
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("appointments_found", day.found());
        stats.put("appointments_synced", active - errors.size());
        stats.put("canceled_skipped", total - active);
        stats.putAll(counts);
        stats.put("errors", errors);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("stats", stats);
        if (day.found() == 0) {
            return outcome(result, false, "Keine Termine am " + task.date() + " gefunden");
        }
        return outcome(
                result,
                errors.isEmpty(),
                "Tagessynchronisation abgeschlossen: " + counts.get("created") + " neu, " + counts.get("updated")
                        + " aktualisiert, " + counts.get("already_exists") + " unverändert");
    }

    /**
     * Publishes to the primary sink (whose result counts) and to every other sink configured for CallDoc (errors
     * only). The SQLHK sink serialises its writes across the cluster itself.
     */
    private PublishResult publishEverywhere(String taskId, List<HealthRecord> records, List<String> errors)
            throws Exception {
        String primaryId = config.primarySink();
        Sink primary = sinks.sink(primaryId)
                .orElseThrow(() -> new IllegalStateException("the " + primaryId + " sink is not deployed"));
        PublishResult written = primary.publish(
                new PublishBatch(taskId + "-" + primaryId, PROVIDER, null, calldoc.installationId(), records));
        if (Thread.currentThread().isInterrupted()) {
            throw new DeadlineExceededException(); // stopped by the job's deadline while the sink wrote
        }
        if (!records.isEmpty() && written.count(Status.FAILED) == records.size()) {
            throw new IllegalStateException(written.entries().get(0).error());
        }
        for (String id : sinks.sinkIds(PROVIDER)) {
            if (primaryId.equals(id)) {
                continue;
            }
            Sink other = sinks.sink(id).orElse(null);
            if (other == null) {
                errors.add("sink " + id + " is not deployed");
                continue;
            }
            try {
                PublishResult r = other.publish(
                        new PublishBatch(taskId + "-" + id, PROVIDER, null, calldoc.installationId(), records));
                r.entries().stream()
                        .filter(e -> e.status() == Status.FAILED)
                        .findFirst()
                        .ifPresent(e -> errors.add(id + ": " + e.error()));
            } catch (RuntimeException e) {
                errors.add(id + ": " + e.getMessage());
            }
        }
        return written;
    }

    private static String action(List<EntryOutcome> entries) {
        if (entries.stream().anyMatch(e -> e.status() == Status.CREATED)) {
            return "created";
        }
        return entries.stream().anyMatch(e -> e.status() == Status.UPDATED) ? "updated" : "already_exists";
    }

    private static Map<String, Object> patient(boolean found, PatientInfo p) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("found", found);
        doc.put("name", found && p != null ? p.familyName() : null);
        doc.put("vorname", found && p != null ? p.givenName() : null);
        doc.put(
                "geburtsdatum",
                found && p != null && p.birthDate() != null
                        ? String.format(
                                "%02d.%02d.%04d",
                                p.birthDate().getDayOfMonth(),
                                p.birthDate().getMonthValue(),
                                p.birthDate().getYear())
                        : null);
        return doc;
    }

    private static Map<String, Object> outcome(Map<String, Object> result, boolean success, String message) {
        result.put("success", success);
        result.put("message", message);
        return result;
    }

    /** The seed's key order: success, message, execution_time_ms, then the rest. */
    private static Map<String, Object> reorder(Map<String, Object> result) {
        Map<String, Object> ordered = new LinkedHashMap<>();
        for (String key : List.of("success", "message", "execution_time_ms")) {
            ordered.put(key, result.get(key));
        }
        result.forEach(ordered::putIfAbsent);
        return ordered;
    }

    static void checkDeadline(Instant deadline) {
        if (deadline != null && Instant.now().isAfter(deadline)) {
            throw new DeadlineExceededException();
        }
    }
}
