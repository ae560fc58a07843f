package org.openhealthexchange.sink.sqlhk;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.openhealthexchange.core.record.PatientInfo;

/** SQLHK's text formats: dates {@code DD.MM.YYYY}, times {@code HH:mm}, gender 0/1/2. Pure. */
final class SqlhkFormats {

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("dd.MM.yyyy");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm");

    private SqlhkFormats() {}

    static String date(LocalDate date) {
        return date == null ? null : DATE.format(date);
    }

    static String time(LocalTime time) {
        return time == null ? null : TIME.format(time);
    }

    /** SQLHK's Geschlecht: 0 female, 1 male, 2 other or unknown. */
    static int gender(PatientInfo.Gender gender) {
        return switch (gender) {
            case FEMALE -> 0;
            case MALE -> 1;
            default -> 2;
        };
    }

    /** Parses {@code 24=1,25=8} pairs into CallDoc type → UntersuchungartID. */
    static Map<String, Integer> typeMap(List<String> pairs) {
        Map<String, Integer> map = new HashMap<>();
        for (String pair : pairs) {
            String[] kv = pair.split("=");
            if (kv.length != 2) {
                throw new IllegalArgumentException("ohe.sink.sqlhk.appointment-types: '" + pair + "' is not type=id");
            }
            map.put(kv[0].trim(), Integer.parseInt(kv[1].trim()));
        }
        return Map.copyOf(map);
    }
}
