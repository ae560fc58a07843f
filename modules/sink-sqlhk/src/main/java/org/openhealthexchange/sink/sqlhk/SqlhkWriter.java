package org.openhealthexchange.sink.sqlhk;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.openhealthexchange.core.record.Appointment;
import org.openhealthexchange.core.record.HealthRecord;
import org.openhealthexchange.core.record.PatientInfo;
import org.openhealthexchange.core.spi.PublishBatch;
import org.openhealthexchange.core.spi.PublishResult;
import org.openhealthexchange.core.spi.PublishResult.EntryOutcome;
import org.openhealthexchange.core.spi.PublishResult.Status;

/**
 * Writes one batch of CallDoc patients and appointments into SQLHK in one transaction: patients found by M1Ziffer or
 * inserted, each appointment's Untersuchung inserted, updated when CallDoc changed it, or left alone. Reads and
 * writes only the rows of the batch's patients; never deletes. Works on SQL Server and on H2 in MSSQLServer mode.
 * <p>
 * SQLHK keeps practice wall-clock time ({@code Datum}, {@code Zeit}), so the appointment's exact instant is converted
 * here, in the configured practice zone. Canceled appointments are skipped ({@code UNCHANGED}, no row): SQLHK has
 * never received them, and an examination it already holds stays as it is, since nothing is ever deleted; a patient
 * who has only canceled appointments in the batch is not inserted either.
 */
final class SqlhkWriter {

    private final DataSource dataSource;
    private final Map<String, Integer> artByType;
    private final ZoneId practiceZone;
    private final SqlhkPatientRepository patients = new SqlhkPatientRepository();
    private final SqlhkUntersuchungRepository untersuchungen = new SqlhkUntersuchungRepository();

    SqlhkWriter(DataSource dataSource, Map<String, Integer> artByType, ZoneId practiceZone) {
        this.dataSource = dataSource;
        this.artByType = Map.copyOf(artByType);
        this.practiceZone = practiceZone;
    }

    PublishResult write(PublishBatch batch) {
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                PublishResult result = write(c, batch.records());
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException | RuntimeException e) {
            return failedAll(batch.records(), "SQLHK write failed: " + e.getMessage());
        }
    }

    private PublishResult write(Connection c, List<HealthRecord> records) throws SQLException {
        Map<Integer, PatientInfo> demographics = new LinkedHashMap<>();
        Set<Integer> pizs = new LinkedHashSet<>();
        Set<Integer> onlyCanceled = new LinkedHashSet<>();
        Set<Integer> examined = new LinkedHashSet<>();
        for (HealthRecord r : records) {
            if (r instanceof PatientInfo p && piz(p.sourceId()) != null) {
                demographics.put(piz(p.sourceId()), p);
                pizs.add(piz(p.sourceId()));
            } else if (r instanceof Appointment a && piz(a.patientSourceId()) != null) {
                pizs.add(piz(a.patientSourceId()));
                (a.canceled() ? onlyCanceled : examined).add(piz(a.patientSourceId()));
            }
        }
        onlyCanceled.removeAll(examined);
        Map<Integer, Integer> patientIds = patients.find(c, pizs);
        Set<Integer> createdPizs = new LinkedHashSet<>();
        List<PatientInfo> toInsert = new ArrayList<>();
        for (Integer piz : pizs) {
            if (!patientIds.containsKey(piz) && !onlyCanceled.contains(piz)) {
                toInsert.add(demographics.getOrDefault(piz, minimal(piz)));
                createdPizs.add(piz);
            }
        }
        if (!toInsert.isEmpty()) {
            patients.insert(c, toInsert);
            patientIds.putAll(patients.find(c, createdPizs));
        }

        Map<String, Integer> katheter = untersuchungen.lookup(c, "Herzkatheter", "HerzkatheterID", "room_id");
        Map<String, Integer> abrechnung =
                untersuchungen.lookup(c, "Untersucherabrechnung", "UntersucherAbrechnungID", "employee_id");
        Set<String> days = new LinkedHashSet<>();
        records.stream()
                .filter(Appointment.class::isInstance)
                .map(Appointment.class::cast)
                .filter(a -> !a.canceled())
                .forEach(a -> days.add(SqlhkFormats.date(practiceTime(a).toLocalDate())));
        Map<Untersuchung.Key, Untersuchung> existing =
                days.isEmpty() ? Map.of() : untersuchungen.find(c, patientIds.values(), days);

        Map<Untersuchung.Key, Untersuchung> inserts = new LinkedHashMap<>();
        Map<Untersuchung.Key, Untersuchung> updates = new LinkedHashMap<>();
        List<Object> plan = new ArrayList<>();
        for (HealthRecord r : records) {
            if (r instanceof PatientInfo p) {
                Integer piz = piz(p.sourceId());
                plan.add(
                        piz == null
                                ? failed(r, "piz is not a number")
                                : new EntryOutcome(
                                        r.sourceId(),
                                        createdPizs.contains(piz) ? Status.CREATED : Status.UNCHANGED,
                                        idOrNull(patientIds.get(piz)),
                                        null));
            } else if (r instanceof Appointment a) {
                plan.add(planAppointment(a, patientIds, katheter, abrechnung, existing, inserts, updates));
            } else {
                plan.add(failed(r, "SQLHK takes only CallDoc patients and appointments"));
            }
        }
        untersuchungen.update(c, updates.values());
        untersuchungen.insert(c, inserts.values());
        Map<Untersuchung.Key, Untersuchung> written = inserts.isEmpty()
                ? Map.of()
                : untersuchungen.find(
                        c,
                        inserts.keySet().stream()
                                .map(Untersuchung.Key::patientId)
                                .toList(),
                        days);
        List<EntryOutcome> entries = new ArrayList<>();
        for (Object step : plan) {
            if (step instanceof EntryOutcome done) {
                entries.add(done);
            } else {
                Pending p = (Pending) step;
                Untersuchung row = written.getOrDefault(p.key(), existing.get(p.key()));
                entries.add(new EntryOutcome(p.sourceId(), p.status(), String.valueOf(row.id()), null));
            }
        }
        return new PublishResult(entries);
    }

    /** An appointment whose row id is known only after the batch ran. */
    private record Pending(String sourceId, Status status, Untersuchung.Key key) {}

    private Object planAppointment(
            Appointment a,
            Map<Integer, Integer> patientIds,
            Map<String, Integer> katheter,
            Map<String, Integer> abrechnung,
            Map<Untersuchung.Key, Untersuchung> existing,
            Map<Untersuchung.Key, Untersuchung> inserts,
            Map<Untersuchung.Key, Untersuchung> updates) {
        if (a.canceled()) {
            return new EntryOutcome(a.sourceId(), Status.UNCHANGED, null, null);
        }
        Integer piz = piz(a.patientSourceId());
        if (piz == null) {
            return failed(a, "piz is not a number");
        }
        Integer art = a.appointmentTypeId() == null ? null : artByType.get(a.appointmentTypeId());
        if (art == null) {
            return failed(a, "no UntersuchungartID configured for CallDoc type " + a.appointmentTypeId());
        }
        LocalDateTime local = practiceTime(a);
        Untersuchung wanted = new Untersuchung(
                null,
                patientIds.get(piz),
                art,
                SqlhkFormats.date(local.toLocalDate()),
                SqlhkFormats.time(local.toLocalTime()),
                a.roomId() == null ? null : katheter.get(a.roomId()),
                a.employeeId() == null ? null : abrechnung.get(a.employeeId()),
                a.notes(),
                a.status());
        Untersuchung.Key key = wanted.key();
        if (inserts.containsKey(key)) {
            inserts.put(key, wanted);
            return new Pending(a.sourceId(), Status.CREATED, key);
        }
        Untersuchung current = updates.getOrDefault(key, existing.get(key));
        if (current == null) {
            inserts.put(key, wanted);
            return new Pending(a.sourceId(), Status.CREATED, key);
        }
        if (current.sameContent(wanted)) {
            return new Pending(a.sourceId(), updates.containsKey(key) ? Status.UPDATED : Status.UNCHANGED, key);
        }
        updates.put(key, wanted.withId(current.id()));
        return new Pending(a.sourceId(), Status.UPDATED, key);
    }

    /** The practice's wall-clock time of the appointment, which is what SQLHK stores and shows. */
    private LocalDateTime practiceTime(Appointment a) {
        return LocalDateTime.ofInstant(a.scheduledFor(), practiceZone);
    }

    private static String idOrNull(Integer id) {
        return id == null ? null : id.toString();
    }

    private static PatientInfo minimal(int piz) {
        return new PatientInfo(
                "calldoc",
                Integer.toString(piz),
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null);
    }

    private static Integer piz(String value) {
        try {
            return value == null ? null : Integer.valueOf(value.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static EntryOutcome failed(HealthRecord r, String why) {
        return new EntryOutcome(r.sourceId(), Status.FAILED, null, why);
    }

    private static PublishResult failedAll(List<HealthRecord> records, String why) {
        return new PublishResult(records.stream().map(r -> failed(r, why)).toList());
    }
}
