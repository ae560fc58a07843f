package org.openhealthexchange.sink.sqlhk;

import static org.openhealthexchange.sink.sqlhk.SqlhkPatientRepository.marks;
import static org.openhealthexchange.sink.sqlhk.SqlhkPatientRepository.setNullable;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * SQLHK's {@code Untersuchung} rows, read and written for the given patients only. Inserts and updates go in JDBC
 * batches; nothing is ever deleted.
 */
final class SqlhkUntersuchungRepository {

    private static final String COLUMNS = "UntersuchungID, PatientID, UntersuchungartID, Datum, Zeit, HerzkatheterID,"
            + " UntersucherAbrechnungID, Bemerkung, Status";

    /** The existing rows of these patients on these days, by key (the first row when SQLHK holds duplicates). */
    Map<Untersuchung.Key, Untersuchung> find(Connection c, Collection<Integer> patientIds, Collection<String> days)
            throws SQLException {
        Map<Untersuchung.Key, Untersuchung> found = new HashMap<>();
        List<Integer> ids = new ArrayList<>(patientIds);
        List<String> dayList = new ArrayList<>(days);
        for (int from = 0; from < ids.size(); from += SqlhkPatientRepository.CHUNK) {
            List<Integer> chunk = ids.subList(from, Math.min(ids.size(), from + SqlhkPatientRepository.CHUNK));
            String sql = "SELECT " + COLUMNS + " FROM Untersuchung WHERE PatientID IN (" + marks(chunk.size())
                    + ") AND Datum IN (" + marks(dayList.size()) + ") ORDER BY UntersuchungID";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int i = 1;
                for (Integer id : chunk) {
                    ps.setInt(i++, id);
                }
                for (String day : dayList) {
                    ps.setString(i++, day);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Untersuchung u = new Untersuchung(
                                rs.getInt(1),
                                rs.getInt(2),
                                rs.getInt(3),
                                rs.getString(4),
                                rs.getString(5),
                                (Integer) rs.getObject(6, Integer.class),
                                (Integer) rs.getObject(7, Integer.class),
                                rs.getString(8),
                                rs.getString(9));
                        found.putIfAbsent(u.key(), u);
                    }
                }
            }
        }
        return found;
    }

    void insert(Connection c, Collection<Untersuchung> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        String sql = "INSERT INTO Untersuchung (PatientID, UntersuchungartID, Datum, Zeit, HerzkatheterID,"
                + " UntersucherAbrechnungID, Bemerkung, Status) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (Untersuchung u : rows) {
                ps.setInt(1, u.patientId());
                ps.setInt(2, u.artId());
                ps.setString(3, u.datum());
                bindContent(ps, 4, u);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Updates the synced columns of existing rows, by id. */
    void update(Connection c, Collection<Untersuchung> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        String sql = "UPDATE Untersuchung SET Zeit = ?, HerzkatheterID = ?, UntersucherAbrechnungID = ?, Bemerkung = ?,"
                + " Status = ? WHERE UntersuchungID = ?";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (Untersuchung u : rows) {
                bindContent(ps, 1, u);
                ps.setInt(6, u.id());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static void bindContent(PreparedStatement ps, int first, Untersuchung u) throws SQLException {
        setNullable(ps, first, u.zeit());
        setInt(ps, first + 1, u.herzkatheterId());
        setInt(ps, first + 2, u.untersucherAbrechnungId());
        setNullable(ps, first + 3, u.bemerkung());
        setNullable(ps, first + 4, u.status());
    }

    private static void setInt(PreparedStatement ps, int index, Integer value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.INTEGER);
        } else {
            ps.setInt(index, value);
        }
    }

    /** {@code room_id → HerzkatheterID} or {@code employee_id → UntersucherAbrechnungID}: small lookup tables. */
    Map<String, Integer> lookup(Connection c, String table, String idColumn, String foreignColumn) throws SQLException {
        Map<String, Integer> map = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT " + foreignColumn + ", " + idColumn + " FROM " + table
                        + " WHERE " + foreignColumn + " IS NOT NULL ORDER BY " + idColumn);
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                map.putIfAbsent(rs.getString(1), rs.getInt(2));
            }
        }
        return map;
    }
}
