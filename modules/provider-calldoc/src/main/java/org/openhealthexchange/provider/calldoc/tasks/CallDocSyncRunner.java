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
import org.openhealthexchange.provider.calldoc.tasks.CallDocTaskBodies.DayResult;
import org.openhealthexchange.provider.calldoc.tasks.CallDocTaskBodies.DayStats;
import org.openhealthexchange.provider.calldoc.tasks.CallDocTaskBodies.PatientResult;
import org.openhealthexchange.provider.calldoc.tasks.CallDocTaskBodies.PatientStats;
import org.openhealthexchange.provider.calldoc.tasks.CallDocTaskBodies.PatientSummary;
import org.openhealthexchange.provider.calldoc.tasks.CallDocTaskBodies.SqlhkSync;
import org.openhealthexchange.provider.calldoc.tasks.CallDocTaskBodies.TaskResult;

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
    record Outcome(TaskResult result) {}

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
        TaskResult result = task.singlePatient()
                ? singlePatient(taskId, task, day, deadline, started)
                : fullDay(taskId, task, day, deadline, progress, started);
        return new Outcome(result);
    }

    private PatientResult singlePatient(String taskId, TaskRequest task, CallDocDay day, Instant deadline, long started)
            throws Exception {
        List<String> errors = new ArrayList<>();
        PatientInfo patient = day.patient(task.piz()).orElse(null);
        List<Appointment> all = day.appointments();
        boolean found = !day.active().isEmpty();
        int appointmentsFound = day.active().size();
        PatientSummary summary = patient(found, patient);
        if (day.found() == 0) {
            return new PatientResult(
                    false,
                    "Keine Termine am " + task.date() + " gefunden",
                    elapsedMs(started),
                    summary,
                    new PatientStats(appointmentsFound, found, null, errors),
                    null);
        }
        String noAppointment = "Patient " + task.piz() + " hat am " + task.date() + " keinen Termin";
        if (all.isEmpty()) {
            return new PatientResult(
                    false,
                    noAppointment,
                    elapsedMs(started),
                    summary,
                    new PatientStats(appointmentsFound, found, null, errors),
                    null);
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
            return new PatientResult(
                    false,
                    noAppointment,
                    elapsedMs(started),
                    summary,
                    new PatientStats(appointmentsFound, found, null, errors),
                    null);
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
            return new PatientResult(
                    false,
                    "Untersuchung konnte nicht geschrieben werden",
                    elapsedMs(started),
                    summary,
                    new PatientStats(appointmentsFound, found, null, errors),
                    null);
        }
        String action = action(appointments);
        return new PatientResult(
                errors.isEmpty(),
                errors.isEmpty()
                        ? "Single-Patient erfolgreich synchronisiert"
                        : "Single-Patient mit Fehlern synchronisiert",
                elapsedMs(started),
                summary,
                new PatientStats(appointmentsFound, found, action, errors),
                new SqlhkSync(action, Integer.parseInt(first.targetId())));
    }

    private DayResult fullDay(
            String taskId, TaskRequest task, CallDocDay day, Instant deadline, Progress progress, long started)
            throws Exception {
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
        DayStats stats = new DayStats(
                day.found(),
                active - errors.size(),
                total - active,
                counts.get("created"),
                counts.get("updated"),
                counts.get("already_exists"),
                errors);
        if (day.found() == 0) {
            return new DayResult(false, "Keine Termine am " + task.date() + " gefunden", elapsedMs(started), stats);
        }
        return new DayResult(
                errors.isEmpty(),
                "Tagessynchronisation abgeschlossen: " + counts.get("created") + " neu, " + counts.get("updated")
                        + " aktualisiert, " + counts.get("already_exists") + " unverändert",
                elapsedMs(started),
                stats);
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

    private static PatientSummary patient(boolean found, PatientInfo p) {
        boolean known = found && p != null;
        return new PatientSummary(
                found,
                known ? p.familyName() : null,
                known ? p.givenName() : null,
                known && p.birthDate() != null
                        ? String.format(
                                "%02d.%02d.%04d",
                                p.birthDate().getDayOfMonth(),
                                p.birthDate().getMonthValue(),
                                p.birthDate().getYear())
                        : null);
    }

    private static long elapsedMs(long started) {
        return (System.nanoTime() - started) / 1_000_000;
    }

    static void checkDeadline(Instant deadline) {
        if (deadline != null && Instant.now().isAfter(deadline)) {
            throw new DeadlineExceededException();
        }
    }
}
