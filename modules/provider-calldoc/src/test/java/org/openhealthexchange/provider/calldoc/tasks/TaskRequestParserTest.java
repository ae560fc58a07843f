package org.openhealthexchange.provider.calldoc.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.LocalDate;
import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;

class TaskRequestParserTest {

    private static Object error(String body, boolean patient) {
        return TaskRequestParser.parse(body, patient).error().error();
    }

    @Test
    void acceptsTheSeedsBodiesWithTheDefaultType() {
        var parsed = TaskRequestParser.parse("{\"piz\":\"1698369\",\"date\":\"2025-10-06\"}", true);
        assertNull(parsed.error());
        assertEquals(new TaskRequest("1698369", LocalDate.of(2025, 10, 6), 24, null), parsed.request());
        assertEquals(
                new TaskRequest(null, LocalDate.of(2025, 10, 6), 25, "https://x.example/hook"),
                TaskRequestParser.parse(
                                "{\"date\":\"2025-10-06\",\"appointment_type_id\":\"25\","
                                        + "\"webhook_url\":\"https://x.example/hook\"}",
                                false)
                        .request());
        assertEquals(
                "1698369",
                TaskRequestParser.parse("{\"piz\":1698369,\"date\":\"2025-10-06\"}", true)
                        .request()
                        .piz());
    }

    @Test
    void reportsMissingFieldsWithTheSeedsExample() {
        var parsed = TaskRequestParser.parse("{}", true);
        assertEquals("Missing required fields: date, piz", parsed.error().error());
        assertEquals(
                new CallDocTaskBodies.RequestExample("2025-08-20", "12345", 24),
                parsed.error().example());
        assertEquals("Missing required fields: piz", error("{\"date\":\"2025-10-06\",\"piz\":null}", true));
        assertEquals("Missing required fields: date", error("{\"piz\":\"1\"}", true));
        assertEquals("Missing required fields: date", error("{}", false));
    }

    @Test
    void rejectsBadValuesWithTheSeedsMessages() {
        assertEquals("Invalid date format. Use YYYY-MM-DD", error("{\"piz\":\"1\",\"date\":\"06.10.2025\"}", true));
        assertEquals("Invalid date format. Use YYYY-MM-DD", error("{\"date\":\"2025-02-30\"}", false));
        assertEquals("Invalid date format. Use YYYY-MM-DD", error("{\"date\":20251006}", false));
        assertEquals(
                "Invalid piz. Must be a non-empty string", error("{\"piz\":\"  \",\"date\":\"2025-10-06\"}", true));
        assertEquals(
                "Invalid appointment_type_id. Must be an integer",
                error("{\"date\":\"2025-10-06\",\"appointment_type_id\":\"herz\"}", false));
        assertEquals(
                "Invalid appointment_type_id. Must be an integer",
                error("{\"date\":\"2025-10-06\",\"appointment_type_id\":24.5}", false));
        assertEquals("Invalid JSON body", error("{\"date\":", false));
        assertEquals("Invalid JSON body", error("[1]", false));
        assertEquals("Invalid JSON body", error("", true));
        assertEquals(
                "Invalid webhook_url. Use an absolute http(s) URL",
                error("{\"date\":\"2025-10-06\",\"webhook_url\":\"ftp://x\"}", false));
    }

    @Test
    void taskIdsFollowTheSeedsPattern() {
        LocalDateTime at = LocalDateTime.of(2025, 10, 4, 12, 0, 0);
        assertEquals(
                "patient_sync_1698369_2025-10-06_24_20251004120000",
                new TaskRequest("1698369", LocalDate.of(2025, 10, 6), 24, null).taskId(at));
        assertEquals(
                "sync_2025-10-06_24_20251004120000",
                new TaskRequest(null, LocalDate.of(2025, 10, 6), 24, null).taskId(at));
    }
}
