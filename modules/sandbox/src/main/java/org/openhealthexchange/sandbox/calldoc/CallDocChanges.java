package org.openhealthexchange.sandbox.calldoc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Checks what a test asks the simulator to change, so that a typo ({@code "cancelled"}, {@code "note"}) fails the test
 * at once instead of producing data CallDoc never sends. Pure.
 */
final class CallDocChanges {

    /** CallDoc's appointment statuses (VENDORS.md); anything else is refused. */
    static final Set<String> STATUSES = Set.of("created", "canceled", "finished_final");

    static final Set<String> APPOINTMENT_FIELDS =
            Set.of("scheduled_for_datetime", "duration", "status", "notes", "employee", "room");
    static final Set<String> PATIENT_FIELDS = Set.of(
            "surname",
            "name",
            "date_of_birth",
            "gender",
            "city_code",
            "city",
            "street",
            "house_number",
            "phone_number",
            "phones",
            "emails",
            "insurance_provider",
            "patient_insurance_number");

    private CallDocChanges() {}

    /** The change as it will be merged into the appointment; throws with the reason when it is not one CallDoc could make. */
    static ObjectNode appointment(JsonNode body) {
        ObjectNode change = checkedFields(body, APPOINTMENT_FIELDS, Set.of("id", "piz", "appointment_type"));
        for (Iterator<Map.Entry<String, JsonNode>> it = change.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            JsonNode v = field.getValue();
            switch (field.getKey()) {
                case "scheduled_for_datetime" -> practiceDay(text(field.getKey(), v));
                case "duration" -> require(v.isInt() && v.asInt() > 0, "duration must be a positive number of minutes");
                case "status" -> require(
                        v.isTextual() && STATUSES.contains(v.asText()), "status must be one of " + STATUSES);
                case "notes" -> require(v.isTextual() || v.isNull(), "notes must be a string or null");
                default -> field.setValue(reference(field.getKey(), v)); // employee, room
            }
        }
        return change;
    }

    /** The change as it will be merged into the patient's demographics. */
    static ObjectNode patient(JsonNode body) {
        ObjectNode change = checkedFields(body, PATIENT_FIELDS, Set.of("piz"));
        for (Iterator<Map.Entry<String, JsonNode>> it = change.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String name = field.getKey();
            JsonNode v = field.getValue();
            switch (name) {
                case "date_of_birth" -> {
                    require(v.isNull() || v.isTextual(), "date_of_birth must be YYYY-MM-DD or null");
                    if (v.isTextual()) {
                        try {
                            LocalDate.parse(v.asText());
                        } catch (DateTimeParseException e) {
                            throw new IllegalArgumentException("date_of_birth must be YYYY-MM-DD or null");
                        }
                    }
                }
                    // CallDoc's codes, sent as strings: 0 female, 1 male, 2 other.
                case "gender" -> {
                    require(Set.of("0", "1", "2").contains(v.asText()) && !v.isNull(), "gender must be 0, 1 or 2");
                    field.setValue(CallDocData.JSON.getNodeFactory().textNode(v.asText()));
                }
                case "phones", "emails" -> {
                    require(v.isArray(), name + " must be an array of strings");
                    v.forEach(e -> require(e.isTextual(), name + " must be an array of strings"));
                }
                default -> require(v.isTextual() || v.isNull(), name + " must be a string or null");
            }
        }
        return change;
    }

    /** The practice's calendar day of a {@code scheduled_for_datetime}: with an offset or Z, or as practice time. */
    static LocalDate practiceDay(String dateTime) {
        try {
            return OffsetDateTime.parse(dateTime)
                    .atZoneSameInstant(CallDocData.PRACTICE_ZONE)
                    .toLocalDate();
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(dateTime).toLocalDate();
            } catch (DateTimeParseException local) {
                throw new IllegalArgumentException("scheduled_for_datetime must be ISO 8601, e.g. 2025-10-06T08:30:00Z,"
                        + " 2025-10-06T10:30:00+02:00 or 2025-10-06T10:30:00 (practice time)");
            }
        }
    }

    /** The instant of a {@code scheduled_for_datetime} (one {@link #practiceDay} accepts), to sort a day by time. */
    static java.time.Instant instant(String dateTime) {
        try {
            return OffsetDateTime.parse(dateTime).toInstant();
        } catch (DateTimeParseException e) {
            return LocalDateTime.parse(dateTime)
                    .atZone(CallDocData.PRACTICE_ZONE)
                    .toInstant();
        }
    }

    private static ObjectNode checkedFields(JsonNode body, Set<String> changeable, Set<String> fixed) {
        require(body != null && body.isObject() && !body.isEmpty(), "the body must be a non-empty JSON object");
        body.fieldNames().forEachRemaining(name -> {
            require(!fixed.contains(name), name + " cannot be changed");
            require(changeable.contains(name), "unknown field " + name + "; changeable: " + changeable);
        });
        return ((ObjectNode) body).deepCopy();
    }

    /** {@code employee}/{@code room}: {@code 3} or {@code {"id":3,"name":"…"}}, sent as CallDoc does, an object. */
    private static JsonNode reference(String name, JsonNode v) {
        if (v.isInt()) {
            return CallDocData.JSON.createObjectNode().put("id", v.asInt());
        }
        require(v.isObject() && v.path("id").isInt(), name + " must be an id or an object with a numeric id");
        return v;
    }

    private static String text(String name, JsonNode v) {
        require(v.isTextual(), name + " must be a string");
        return v.asText();
    }

    private static void require(boolean ok, String reason) {
        if (!ok) {
            throw new IllegalArgumentException(reason);
        }
    }
}
