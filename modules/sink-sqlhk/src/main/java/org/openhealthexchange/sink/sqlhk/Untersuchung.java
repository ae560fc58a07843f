package org.openhealthexchange.sink.sqlhk;

import java.util.Objects;

/**
 * One SQLHK {@code Untersuchung} row's synced columns. Its key is patient, type and day: CallDoc's appointment of a
 * patient for one examination type on one day is that row, so syncing it again finds it.
 */
record Untersuchung(
        Integer id,
        int patientId,
        int artId,
        String datum,
        String zeit,
        Integer herzkatheterId,
        Integer untersucherAbrechnungId,
        String bemerkung,
        String status) {

    /** The natural key in SQLHK. */
    record Key(int patientId, int artId, String datum) {}

    Key key() {
        return new Key(patientId, artId, datum);
    }

    /** Whether CallDoc changed anything this sync writes. */
    boolean sameContent(Untersuchung other) {
        return Objects.equals(zeit, other.zeit)
                && Objects.equals(herzkatheterId, other.herzkatheterId)
                && Objects.equals(untersucherAbrechnungId, other.untersucherAbrechnungId)
                && Objects.equals(bemerkung, other.bemerkung)
                && Objects.equals(status, other.status);
    }

    Untersuchung withId(Integer newId) {
        return new Untersuchung(
                newId, patientId, artId, datum, zeit, herzkatheterId, untersucherAbrechnungId, bemerkung, status);
    }
}
