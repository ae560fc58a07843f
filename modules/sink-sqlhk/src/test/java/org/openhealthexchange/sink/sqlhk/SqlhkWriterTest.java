package org.openhealthexchange.sink.sqlhk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openhealthexchange.core.record.Appointment;
import org.openhealthexchange.core.record.HealthRecord;
import org.openhealthexchange.core.record.PatientInfo;
import org.openhealthexchange.core.spi.PublishBatch;
import org.openhealthexchange.core.spi.PublishResult;
import org.openhealthexchange.core.spi.PublishResult.Status;
import org.openhealthexchange.testkit.JdbcRows;

class SqlhkWriterTest {

    /** The seed's appointment as CallDoc sends it: 08:30 in Berlin (CEST). */
    private static final Instant SEED_TIME = Instant.parse("2025-10-06T06:30:00Z");

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    private JdbcDataSource db;
    private SqlhkWriter writer;

    @BeforeEach
    void createDatabase() throws SQLException {
        db = new JdbcDataSource();
        db.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";MODE=MSSQLServer;DB_CLOSE_DELAY=-1");
        SqlhkSchema.create(db);
        SqlhkSchema.create(db);
        sql("INSERT INTO Herzkatheter (HerzkatheterName, room_id) VALUES ('HKL 3', 3)");
        sql("INSERT INTO Untersucherabrechnung (Name, employee_id) VALUES ('Dr. Sieben', 7)");
        writer = new SqlhkWriter(db, SqlhkFormats.typeMap(List.of("24=1", "25=8")), BERLIN);
    }

    static PatientInfo patient(String piz, String family) {
        return new PatientInfo(
                "calldoc",
                piz,
                family,
                "Alfred",
                LocalDate.of(1951, 3, 14),
                PatientInfo.Gender.MALE,
                "Musterweg",
                "12a",
                "10115",
                "Berlin",
                List.of("030 1", "0170 2"),
                List.of("a@example.org"),
                "BKK",
                "A1");
    }

    static Appointment appointment(String id, String piz, String type, String notes) {
        return appointment(id, piz, SEED_TIME, "created", type, notes);
    }

    static Appointment appointment(String id, String piz, Instant at, String status, String type, String notes) {
        return new Appointment("calldoc", id, piz, at, 45, status, type, notes, "7", "3");
    }

    private PublishResult publish(HealthRecord... records) {
        return writer.write(new PublishBatch("b", "calldoc", "practice", "praxis-test", List.of(records)));
    }

    @Test
    void createsPatientAndUntersuchungInSqlhksFormats() throws SQLException {
        PublishResult result = publish(patient("1698369", "Testmann"), appointment("501", "1698369", "24", "PCI"));

        assertEquals(List.of(Status.CREATED, Status.CREATED), statuses(result));
        assertEquals(
                List.of("1698369|Testmann|Alfred|14.03.1951|10115|Berlin|Musterweg 12a|1|a@example.org|0170 2|A1"),
                rows("SELECT M1Ziffer, Nachname, Vorname, Geburtsdatum, PLZ, Stadt, Strasse, Geschlecht, email, handy,"
                        + " versichertennr FROM Patient"));
        assertEquals(
                List.of(result.entries().get(1).targetId() + "|1|06.10.2025|08:30|1|1|PCI|created"),
                rows("SELECT UntersuchungID, UntersuchungartID, Datum, Zeit, HerzkatheterID, UntersucherAbrechnungID,"
                        + " Bemerkung, Status FROM Untersuchung"));
    }

    @Test
    void aRerunChangesNothingAndAChangedAppointmentUpdatesTheSameRow() throws SQLException {
        String id = publish(patient("1698369", "Testmann"), appointment("501", "1698369", "24", "PCI"))
                .entries()
                .get(1)
                .targetId();

        PublishResult again = publish(patient("1698369", "Anders"), appointment("501", "1698369", "24", "PCI"));
        assertEquals(List.of(Status.UNCHANGED, Status.UNCHANGED), statuses(again));
        assertEquals(id, again.entries().get(1).targetId());
        assertEquals(List.of("Testmann"), rows("SELECT Nachname FROM Patient"));

        PublishResult changed = publish(appointment("501", "1698369", "24", "verschoben"));
        assertEquals(List.of(Status.UPDATED), statuses(changed));
        assertEquals(id, changed.entries().get(0).targetId());
        assertEquals(List.of(id + "|verschoben"), rows("SELECT UntersuchungID, Bemerkung FROM Untersuchung"));
    }

    @Test
    void otherPatientsRowsStayByteIdentical() throws SQLException {
        List<HealthRecord> day = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            day.add(appointment("a" + i, Integer.toString(1_700_000 + i), i % 2 == 0 ? "24" : "25", "n" + i));
        }
        writer.write(new PublishBatch("day", "calldoc", "practice", "praxis-test", day));
        String others = "SELECT * FROM %s WHERE PatientID <> (SELECT PatientID FROM Patient WHERE M1Ziffer = 1700003)"
                + " ORDER BY 1";
        List<String> patientsBefore = rows(String.format(others, "Patient"));
        List<String> examsBefore = rows(String.format(others, "Untersuchung"));

        PublishResult single = publish(
                patient("1700003", "Neu"),
                appointment("a3", "1700003", "25", "geändert"),
                appointment("x", "1700003", "24", "neu"));

        assertEquals(List.of(Status.UNCHANGED, Status.UPDATED, Status.CREATED), statuses(single));
        assertEquals(patientsBefore, rows(String.format(others, "Patient")));
        assertEquals(examsBefore, rows(String.format(others, "Untersuchung")));
    }

    /** Around both clock changes of 2025: SQLHK gets Berlin wall-clock time, the calendar day included. */
    @Test
    void sqlhkGetsBerlinWallClockTimeOfCallDocsInstantAcrossTheClockChanges() throws SQLException {
        String[][] cases = {
            {"2025-03-29T07:30:00Z", "29.03.2025|08:30"}, // CET, UTC+1
            {"2025-03-30T00:30:00Z", "30.03.2025|01:30"}, // the last half hour before 02:00 jumps to 03:00
            {"2025-03-30T01:30:00Z", "30.03.2025|03:30"}, // CEST from here
            {"2025-03-31T06:30:00Z", "31.03.2025|08:30"}, // CEST, UTC+2
            {"2025-10-25T06:30:00Z", "25.10.2025|08:30"},
            {"2025-10-26T00:30:00Z", "26.10.2025|02:30"}, // the first 02:30 (CEST)
            {"2025-10-26T01:30:00Z", "26.10.2025|02:30"}, // the second 02:30 (CET)
            {"2025-10-27T07:30:00Z", "27.10.2025|08:30"}, // CET again
            {"2025-10-05T22:30:00Z", "06.10.2025|00:30"}, // the evening before in UTC, the 6th in Berlin
        };
        List<HealthRecord> batch = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < cases.length; i++) {
            String piz = Integer.toString(1_800_000 + i);
            batch.add(appointment("dst" + i, piz, Instant.parse(cases[i][0]), "created", "24", null));
            expected.add(piz + "|" + cases[i][1]);
        }

        PublishResult result = writer.write(new PublishBatch("dst", "calldoc", "practice", "praxis-test", batch));

        assertEquals(cases.length, result.count(Status.CREATED));
        assertEquals(
                expected,
                rows("SELECT p.M1Ziffer, u.Datum, u.Zeit FROM Untersuchung u"
                        + " JOIN Patient p ON p.PatientID = u.PatientID ORDER BY p.M1Ziffer"));
    }

    @Test
    void thePracticeZoneIsConfigurable() throws SQLException {
        new SqlhkWriter(db, SqlhkFormats.typeMap(List.of("24=1")), ZoneId.of("Europe/London"))
                .write(new PublishBatch(
                        "b", "calldoc", "practice", "praxis-test", List.of(appointment("501", "1698369", "24", null))));
        assertEquals(List.of("06.10.2025|07:30"), rows("SELECT Datum, Zeit FROM Untersuchung"));
    }

    @Test
    void aCanceledAppointmentIsSkippedNotFailedAndWritesNothing() throws SQLException {
        PublishResult result = publish(
                patient("1700002", "Abgesagt"),
                appointment("503", "1700002", SEED_TIME, "canceled", "24", "abgesagt"),
                appointment("504", "1700003", SEED_TIME, "canceled", "99", null));

        assertEquals(List.of(Status.UNCHANGED, Status.UNCHANGED, Status.UNCHANGED), statuses(result));
        assertTrue(result.entries().stream().allMatch(e -> e.targetId() == null && e.error() == null));
        assertEquals(List.of(), rows("SELECT PatientID FROM Patient"), "a patient with only canceled appointments");
        assertEquals(List.of(), rows("SELECT UntersuchungID FROM Untersuchung"));
    }

    @Test
    void aCancellationLeavesTheExaminationSqlhkHoldsAsItIsAndNeverDeletes() throws SQLException {
        String patientId = publish(patient("1698369", "Testmann"), appointment("501", "1698369", "24", "PCI"))
                .entries()
                .get(0)
                .targetId();
        List<String> before = rows("SELECT * FROM Untersuchung");

        PublishResult canceled = publish(
                patient("1698369", "Testmann"),
                appointment("501", "1698369", SEED_TIME.plusSeconds(3600), "canceled", "24", "abgesagt"));

        assertEquals(List.of(Status.UNCHANGED, Status.UNCHANGED), statuses(canceled));
        assertEquals(patientId, canceled.entries().get(0).targetId(), "the patient SQLHK already has");
        assertEquals(null, canceled.entries().get(1).targetId(), "nothing written for the cancellation");
        assertEquals(before, rows("SELECT * FROM Untersuchung"));
        assertEquals(List.of("1"), rows("SELECT COUNT(*) FROM Untersuchung"));
    }

    @Test
    void aCanceledAppointmentDoesNotOverwriteTheSameDaysActiveOne() throws SQLException {
        PublishResult result = publish(
                appointment("501", "1698369", SEED_TIME, "created", "24", "neu"),
                appointment("500", "1698369", SEED_TIME.minusSeconds(3600), "canceled", "24", "alt"));

        assertEquals(List.of(Status.CREATED, Status.UNCHANGED), statuses(result));
        assertEquals(List.of("08:30|neu|created"), rows("SELECT Zeit, Bemerkung, Status FROM Untersuchung"));
    }

    @Test
    void anUnmappedTypeFailsOnlyThatRecord() {
        PublishResult result =
                publish(appointment("1", "1698369", "99", null), appointment("2", "1698369", "25", null));
        assertEquals(List.of(Status.FAILED, Status.CREATED), statuses(result));
        assertTrue(result.entries().get(0).error().contains("99"));
    }

    @Test
    void aThousandAppointmentsGoInOneBatchWithDistinctIds() throws SQLException {
        List<HealthRecord> day = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            String piz = Integer.toString(1_000_000 + i);
            day.add(patient(piz, "P" + i));
            day.add(appointment("a" + i, piz, "24", null));
        }
        PublishResult result = writer.write(new PublishBatch("day", "calldoc", "practice", "praxis-test", day));
        assertEquals(2000, result.count(Status.CREATED));
        assertEquals(List.of("1000"), rows("SELECT COUNT(DISTINCT UntersuchungID) FROM Untersuchung"));
        assertNotEquals(
                result.entries().get(1).targetId(), result.entries().get(3).targetId());
        assertEquals(
                Map.of(Status.UNCHANGED, 2000L),
                Map.of(
                        Status.UNCHANGED,
                        writer.write(new PublishBatch("again", "calldoc", "p", "praxis-test", day))
                                .count(Status.UNCHANGED)));
    }

    private static List<Status> statuses(PublishResult result) {
        return result.entries().stream().map(PublishResult.EntryOutcome::status).toList();
    }

    private void sql(String statement) throws SQLException {
        try (Connection c = db.getConnection();
                Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }

    private List<String> rows(String query) throws SQLException {
        return JdbcRows.rows(db, query);
    }
}
