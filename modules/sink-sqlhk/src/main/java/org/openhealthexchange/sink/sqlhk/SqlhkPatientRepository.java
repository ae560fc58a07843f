package org.openhealthexchange.sink.sqlhk;

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
import org.openhealthexchange.core.record.PatientInfo;

/**
 * SQLHK's {@code Patient} rows by M1Ziffer (= CallDoc piz). Reads only the piz asked for and only ever inserts:
 * an existing patient row is never changed, and nothing is deleted.
 */
final class SqlhkPatientRepository {

    static final int CHUNK = 500;

    /** PatientID by M1Ziffer for those of {@code pizs} that exist (the first row when SQLHK holds duplicates). */
    Map<Integer, Integer> find(Connection c, Collection<Integer> pizs) throws SQLException {
        Map<Integer, Integer> found = new HashMap<>();
        List<Integer> all = new ArrayList<>(pizs);
        for (int from = 0; from < all.size(); from += CHUNK) {
            List<Integer> chunk = all.subList(from, Math.min(all.size(), from + CHUNK));
            String sql = "SELECT M1Ziffer, PatientID FROM Patient WHERE M1Ziffer IN (" + marks(chunk.size())
                    + ") ORDER BY PatientID";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < chunk.size(); i++) {
                    ps.setInt(i + 1, chunk.get(i));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        found.putIfAbsent(rs.getInt(1), rs.getInt(2));
                    }
                }
            }
        }
        return found;
    }

    /** Inserts one row per patient in one JDBC batch; the caller reads the new ids back with {@link #find}. */
    void insert(Connection c, Collection<PatientInfo> patients) throws SQLException {
        String sql = "INSERT INTO Patient (M1Ziffer, Nachname, Vorname, Geburtsdatum, PLZ, Stadt, Strasse, Geschlecht,"
                + " email, handy, versichertennr) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (PatientInfo p : patients) {
                ps.setInt(1, Integer.parseInt(p.sourceId()));
                ps.setString(2, p.familyName());
                ps.setString(3, p.givenName());
                ps.setString(4, SqlhkFormats.date(p.birthDate()));
                ps.setString(5, p.postalCode());
                ps.setString(6, p.city());
                ps.setString(7, street(p));
                ps.setInt(8, SqlhkFormats.gender(p.gender()));
                setNullable(ps, 9, p.emails().isEmpty() ? null : p.emails().get(0));
                setNullable(ps, 10, mobile(p.phones()));
                setNullable(ps, 11, p.insuranceNumber());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static String street(PatientInfo p) {
        if (p.street() == null) {
            return null;
        }
        return p.houseNumber() == null ? p.street() : p.street() + " " + p.houseNumber();
    }

    /** The last phone number is the mobile one when there are several (CallDoc lists the landline first). */
    private static String mobile(List<String> phones) {
        return phones.isEmpty() ? null : phones.get(phones.size() - 1);
    }

    static void setNullable(PreparedStatement ps, int index, String value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.VARCHAR);
        } else {
            ps.setString(index, value);
        }
    }

    static String marks(int n) {
        return String.join(", ", java.util.Collections.nCopies(n, "?"));
    }
}
