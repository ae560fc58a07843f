package org.openhealthexchange.provider.calldoc;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openhealthexchange.core.record.Appointment;
import org.openhealthexchange.core.record.PatientInfo;
import org.openhealthexchange.core.spi.ProviderException;

/**
 * Turns CallDoc's JSON into records. Pure: no I/O. {@code scheduled_for_datetime} becomes the exact instant CallDoc
 * means ({@link CallDocTimes}); canceled appointments are parsed like any other, their status says what happened.
 */
public final class CallDocParser {

    private final CallDocTimes times;

    /** @param practiceZone where CallDoc's date-times without an offset are wall-clock time */
    public CallDocParser(ZoneId practiceZone) {
        this.times = new CallDocTimes(practiceZone);
    }

    /** The {@code data} of an {@code appointment_search} answer, canceled ones included. */
    public List<Appointment> appointments(JsonNode body) throws ProviderException {
        JsonNode data = body.path("data");
        if (!data.isArray()) {
            throw new ProviderException(ProviderException.Kind.BAD_RESPONSE, null, "appointment_search without data");
        }
        List<Appointment> out = new ArrayList<>();
        for (JsonNode a : data) {
            out.add(appointment(a));
        }
        return out;
    }

    Appointment appointment(JsonNode a) throws ProviderException {
        String piz = text(a, "piz");
        String when = text(a, "scheduled_for_datetime");
        if (piz == null || when == null) {
            throw new ProviderException(
                    ProviderException.Kind.BAD_RESPONSE,
                    null,
                    "appointment " + text(a, "id") + " lacks piz or scheduled_for_datetime");
        }
        Integer duration = a.hasNonNull("duration") ? a.get("duration").asInt() : null;
        return new Appointment(
                "calldoc",
                text(a, "id"),
                piz,
                times.instant(when),
                duration,
                text(a, "status"),
                idOf(a.path("appointment_type")),
                text(a, "notes"),
                idOf(a.path("employee")),
                idOf(a.path("room")));
    }

    /** Demographics of patients found in a {@code patient_search} answer or embedded in appointments, by piz. */
    public Map<String, PatientInfo> patients(JsonNode body) {
        Map<String, PatientInfo> out = new LinkedHashMap<>();
        for (JsonNode p : body.path("data")) {
            String piz = text(p, "piz");
            if (piz != null) {
                out.put(piz, patient(piz, p));
            }
        }
        return out;
    }

    PatientInfo patient(String piz, JsonNode p) {
        List<String> phones = new ArrayList<>();
        if (text(p, "phone_number") != null) {
            phones.add(text(p, "phone_number"));
        }
        p.path("phones").forEach(n -> addDistinct(phones, n.isObject() ? text(n, "number") : n.asText()));
        List<String> emails = new ArrayList<>();
        p.path("emails").forEach(n -> addDistinct(emails, n.isObject() ? text(n, "email") : n.asText()));
        return new PatientInfo(
                "calldoc",
                piz,
                text(p, "surname"),
                text(p, "name"),
                date(text(p, "date_of_birth")),
                gender(text(p, "gender")),
                text(p, "street"),
                text(p, "house_number"),
                text(p, "city_code"),
                text(p, "city"),
                phones,
                emails,
                text(p, "insurance_provider"),
                text(p, "patient_insurance_number"));
    }

    static LocalDate date(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(value.length() > 10 ? value.substring(0, 10) : value);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** CallDoc's gender codes: 0 female, 1 male, 2 other (also accepts m/f/w/d). */
    static PatientInfo.Gender gender(String value) {
        if (value == null) {
            return PatientInfo.Gender.UNKNOWN;
        }
        return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "1", "m", "male" -> PatientInfo.Gender.MALE;
            case "0", "f", "w", "female" -> PatientInfo.Gender.FEMALE;
            case "2", "d", "x", "other", "diverse" -> PatientInfo.Gender.OTHER;
            default -> PatientInfo.Gender.UNKNOWN;
        };
    }

    /** A reference field is either a bare id or an object with {@code id}. */
    private static String idOf(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return null;
        }
        return node.isObject() ? text(node, "id") : node.asText();
    }

    private static void addDistinct(List<String> list, String value) {
        if (value != null && !value.isBlank() && !list.contains(value)) {
            list.add(value);
        }
    }

    static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
