package org.openhealthexchange.sandbox.calldoc;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The synthetic practice: who has which appointment on which day, and every patient's demographics, computed from
 * the date, type and piz alone, so that every run and every replica sees the same data. Patients have a piz in
 * 1000000..1999999 (so {@code 9999999} never exists); names are invented from short lists.
 */
final class CallDocData {

    static final ObjectMapper JSON = new ObjectMapper();
    static final ZoneId PRACTICE_ZONE = ZoneId.of("Europe/Berlin");
    private static final DateTimeFormatter UTC_Z = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'");

    private static final String[] SURNAMES = {
        "Testmann",
        "Beispiel",
        "Musterfrau",
        "Probst",
        "Fiktiv",
        "Erfunden",
        "Platzhalter",
        "Sandmann",
        "Simulant",
        "Demo",
        "Attrappe",
        "Modell",
        "Entwurf",
        "Muster",
        "Vorlage",
        "Schema"
    };
    private static final String[] GIVEN = {
        "Alfred", "Berta", "Carl", "Dora", "Emil", "Frieda", "Gustav", "Hilde", "Ida", "Jakob", "Klara", "Ludwig",
        "Martha", "Norbert", "Olga", "Paul"
    };
    private static final String[] CITIES = {
        "10115:Berlin", "20095:Hamburg", "80331:München", "50667:Köln", "60311:Frankfurt am Main", "04109:Leipzig"
    };
    private static final String[] STREETS = {"Musterweg", "Beispielstraße", "Testallee", "Am Probeplatz"};
    private static final String[] NOTES = {
        "Koronarangiographie", "PCI geplant", "Kontrolle nach Stent", "Rechtsherzkatheter", null
    };
    private static final int ROOMS = 4;
    private static final int EMPLOYEES = 6;

    private final int perDay;
    private final Set<String> closedDays;
    private final Map<String, String> pinned;

    /**
     * @param perDay appointments of type 24 per open day
     * @param closedDays {@code MM-dd} days without appointments besides weekends
     * @param pinned {@code yyyy-MM-dd:type} to the piz of that day's first appointment
     */
    CallDocData(int perDay, Set<String> closedDays, Map<String, String> pinned) {
        this.perDay = perDay;
        this.closedDays = Set.copyOf(closedDays);
        this.pinned = Map.copyOf(pinned);
    }

    static boolean patientExists(String piz) {
        try {
            long n = Long.parseLong(piz);
            return n >= 1_000_000 && n <= 1_999_999;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    boolean open(LocalDate date) {
        return date.getDayOfWeek() != DayOfWeek.SATURDAY
                && date.getDayOfWeek() != DayOfWeek.SUNDAY
                && !closedDays.contains(String.format("%02d-%02d", date.getMonthValue(), date.getDayOfMonth()));
    }

    int count(LocalDate date, int type) {
        if (!open(date)) {
            return 0;
        }
        return type == 24 ? perDay : Math.max(1, perDay / 4);
    }

    /** The appointments of one type on one day, in time order, as CallDoc lists them. */
    List<ObjectNode> appointments(LocalDate date, int type) {
        int n = count(date, type);
        List<ObjectNode> out = new ArrayList<>(n);
        SplittableRandom random = new SplittableRandom(date.toEpochDay() * 1000 + type);
        long minutesOfDay = 11 * 60; // 07:00 to 18:00
        for (int i = 0; i < n; i++) {
            String piz = Long.toString(1_000_000 + random.nextInt(1_000_000));
            if (i == 0 && pinned.containsKey(date + ":" + type)) {
                piz = pinned.get(date + ":" + type);
            }
            LocalDateTime local = date.atTime(7, 0).plusMinutes(minutesOfDay * i / Math.max(1, n));
            ObjectNode a = JSON.createObjectNode();
            a.put("id", appointmentId(date, type, i));
            a.put("piz", piz);
            a.put(
                    "scheduled_for_datetime",
                    local.atZone(PRACTICE_ZONE)
                            .withZoneSameInstant(ZoneOffset.UTC)
                            .format(UTC_Z));
            a.put("duration", 30 + 15 * random.nextInt(3));
            int roll = random.nextInt(100);
            a.put("status", roll < 5 && i > 0 ? "canceled" : roll < 50 ? "created" : "finished_final");
            String note = NOTES[random.nextInt(NOTES.length)];
            if (note == null) {
                a.putNull("notes");
            } else {
                a.put("notes", note);
            }
            a.put("appointment_type", type);
            int employee = 1 + random.nextInt(EMPLOYEES);
            a.putObject("employee").put("id", employee).put("name", "Dr. " + SURNAMES[employee]);
            int room = 1 + random.nextInt(ROOMS);
            a.putObject("room").put("id", room).put("name", "HKL " + room);
            out.add(a);
        }
        return out;
    }

    /** {@code yyyyMMdd}, two digits of the type ({@code type % 100}), four of the index within the day. */
    static long appointmentId(LocalDate date, int type, int index) {
        long ymd = date.getYear() * 10_000L + date.getMonthValue() * 100L + date.getDayOfMonth();
        return ymd * 1_000_000L + (type % 100) * 10_000L + index;
    }

    /** The day an appointment id was generated for. */
    static LocalDate dayOf(long id) {
        long ymd = id / 1_000_000L;
        return LocalDate.of((int) (ymd / 10_000), (int) (ymd / 100 % 100), (int) (ymd % 100));
    }

    /** The two type digits of an appointment id. */
    static int typeOf(long id) {
        return (int) (id / 10_000 % 100);
    }

    /** The generated appointment with this id, of {@code type} (whose last two digits the id carries). */
    Optional<ObjectNode> appointment(long id, int type) {
        LocalDate day;
        try {
            day = dayOf(id);
        } catch (java.time.DateTimeException e) {
            return Optional.empty();
        }
        int index = (int) (id % 10_000);
        List<ObjectNode> all = typeOf(id) == type % 100 ? appointments(day, type) : List.of();
        return index >= 0 && index < all.size() ? Optional.of(all.get(index)) : Optional.empty();
    }

    /** The patient with this piz, or empty when no such patient exists. */
    Optional<ObjectNode> patient(String piz) {
        if (!patientExists(piz)) {
            return Optional.empty();
        }
        SplittableRandom random = new SplittableRandom(Long.parseLong(piz) * 31);
        ObjectNode p = JSON.createObjectNode();
        p.put("piz", piz);
        p.put("surname", SURNAMES[random.nextInt(SURNAMES.length)]);
        p.put("name", GIVEN[random.nextInt(GIVEN.length)]);
        p.put(
                "date_of_birth",
                LocalDate.of(1935, 1, 1).plusDays(random.nextInt(365 * 60)).toString());
        p.put("gender", Integer.toString(random.nextInt(2)));
        String[] city = CITIES[random.nextInt(CITIES.length)].split(":");
        p.put("city_code", city[0]);
        p.put("city", city[1]);
        p.put("street", STREETS[random.nextInt(STREETS.length)]);
        p.put("house_number", Integer.toString(1 + random.nextInt(120)));
        String phone = "030 " + (1_000_000 + random.nextInt(8_000_000));
        p.put("phone_number", phone);
        p.putArray("phones").add(phone);
        p.putArray("emails").add("patient" + piz + "@example.org");
        p.put("insurance_provider", "Beispiel BKK");
        p.put("patient_insurance_number", "X" + piz + "0");
        return Optional.of(p);
    }
}
