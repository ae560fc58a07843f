package org.openhealthexchange.provider.withings.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openhealthexchange.core.record.DataType;
import org.openhealthexchange.core.spi.InboundRequest;
import org.openhealthexchange.core.spi.MalformedNotificationException;
import org.openhealthexchange.core.spi.SyncRequest;
import org.openhealthexchange.provider.withings.config.Withings;

class WithingsNotificationParserTest {

    static final String FORM = "application/x-www-form-urlencoded";

    @Test
    void aFormNotificationBecomesASyncOfItsInclusiveWindow() throws Exception {
        SyncRequest sync = parse(FORM, "userid=12345&appli=1&startdate=1530576000&enddate=1530698753");

        assertEquals("withings", sync.provider());
        assertEquals("12345", sync.externalUserId());
        assertEquals(Instant.ofEpochSecond(1530576000), sync.start());
        assertEquals(Instant.ofEpochSecond(1530698754), sync.end(), "enddate is inclusive, our end is not");
        assertEquals(
                Set.of(DataType.WEIGHT, DataType.HEIGHT, DataType.BODY_FAT, DataType.BODY_TEMPERATURE),
                sync.types(),
                "Withings files body and skin temperature (71, 73) under appli 1 too");
        assertTrue(sync.dedupKey().matches("withings:[0-9a-f]{64}"), sync.dedupKey());
    }

    @Test
    void aUserUnlinkOrAccountDeletionRevokesAndOtherUserEventsSync() throws Exception {
        SyncRequest unlink = parse(FORM, "userid=12345&appli=46&action=unlink&date=1700000000");
        assertEquals(SyncRequest.Action.REVOKE, unlink.action());
        assertEquals("12345", unlink.externalUserId());
        assertEquals(
                SyncRequest.Action.REVOKE,
                parse(FORM, "userid=12345&appli=46&action=DELETE").action());
        assertEquals(
                SyncRequest.Action.SYNC,
                parse(FORM, "userid=12345&appli=46&action=update").action());
        assertEquals(
                SyncRequest.Action.SYNC,
                parse(FORM, "userid=12345&appli=1&action=unlink&date=1700000000")
                        .action(),
                "only user events (appli 46) end a grant");
    }

    @Test
    void theSeedsJsonFormIsReadTooAndDedupsWithTheSameFormDelivery() throws Exception {
        SyncRequest json = parse(
                "application/json",
                "{\"userid\":12345,\"appli\":4,\"callbackurl\":"
                        + "\"https://ohe.example/webhooks/withings/\",\"comment\":\"user\",\"startdate\":1701942000,"
                        + "\"enddate\":1701942600}");
        SyncRequest form = parse(FORM, "foo=bar&userid=12345&appli=4&startdate=1701942000&enddate=1701942600");

        assertEquals(Set.of(DataType.BLOOD_PRESSURE, DataType.HEART_RATE, DataType.OXYGEN_SATURATION), json.types());
        assertEquals(form, json);
    }

    @Test
    void aRedeliveryHasTheSameKeyAndAnyDifferentFieldAnotherOne() throws Exception {
        String body = "userid=12345&appli=44&startdate=1717189200&enddate=1717219800&deviceid=aa11";
        String key = parse(FORM, body).dedupKey();

        assertEquals(key, parse(FORM, body).dedupKey());
        assertEquals(key, parse(null, body).dedupKey(), "a missing content type is sniffed");
        for (String other : List.of(
                "userid=12346&appli=44&startdate=1717189200&enddate=1717219800&deviceid=aa11",
                "userid=12345&appli=16&startdate=1717189200&enddate=1717219800&deviceid=aa11",
                "userid=12345&appli=44&startdate=1717189201&enddate=1717219800&deviceid=aa11",
                "userid=12345&appli=44&startdate=1717189200&enddate=1717219801&deviceid=aa11",
                "userid=12345&appli=44&startdate=1717189200&enddate=1717219800&deviceid=bb22",
                "userid=12345&appli=44&startdate=1717189200&enddate=1717219800&deviceid=aa11&action=update")) {
            assertNotEquals(key, parse(FORM, other).dedupKey(), other);
        }
    }

    @Test
    void aDateNotificationCoversThatUtcDay() throws Exception {
        SyncRequest sync = parse(FORM, "userid=7&appli=16&date=2024-06-01&deviceid=a1b2");

        assertEquals(Instant.parse("2024-06-01T00:00:00Z"), sync.start());
        assertEquals(Instant.parse("2024-06-02T00:00:00Z"), sync.end());
        assertEquals(Set.of(DataType.STEPS, DataType.ACTIVITY, DataType.HEART_RATE), sync.types());
    }

    @Test
    void anEpochDateCoversThatSecond() throws Exception {
        SyncRequest sync = parse(FORM, "userid=7&appli=54&date=1717230900");

        assertEquals(Instant.ofEpochSecond(1717230900), sync.start());
        assertEquals(Instant.ofEpochSecond(1717230901), sync.end());
        assertEquals(Set.of(DataType.ECG), sync.types());
    }

    @Test
    void aTemperatureNotificationRefetchesTemperatures() throws Exception {
        SyncRequest sync = parse(FORM, "userid=12345&appli=2&startdate=1530576000&enddate=1530698753");

        assertEquals(Set.of(DataType.BODY_TEMPERATURE), sync.types());
    }

    @Test
    void aProfileChangeWithoutDatesLeavesTheWindowOpenAndAnUnknownAppliRefetchesEverything() throws Exception {
        SyncRequest profile = parse(FORM, "userid=7&appli=46&action=update");
        SyncRequest unknown = parse(FORM, "userid=7&appli=99&startdate=1&enddate=2");

        assertNull(profile.start());
        assertNull(profile.end());
        assertEquals(Set.of(DataType.DEVICE), profile.types());
        assertEquals(Withings.DATA_TYPES, unknown.types());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "appli=1&startdate=1&enddate=2",
                "userid=12345&startdate=1&enddate=2",
                "userid=&appli=1",
                "userid=abc&appli=1&startdate=1&enddate=2",
                "userid=-5&appli=1&startdate=1&enddate=2",
                "userid=12345&appli=one&startdate=1&enddate=2",
                "userid=12345&appli=1&startdate=yesterday&enddate=2",
                "userid=12345&appli=1&startdate=10&enddate=9",
                "userid=12345&appli=1&startdate=10",
                "userid=12345&appli=1&enddate=10",
                "userid=12345&appli=1&date=2024-13-45",
                "userid=12345&appli=1&date=June",
                "userid=99999999999999999999999&appli=1&startdate=1&enddate=2",
                "userid=12345&appli=1&startdate=%ZZ&enddate=2"
            })
    void malformedFormsAreRejected(String body) {
        assertThrows(MalformedNotificationException.class, () -> parse(FORM, body), body);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"userid\":12345,",
                "[{\"userid\":12345,\"appli\":1}]",
                "\"userid=12345\"",
                "{\"userid\":{\"id\":12345},\"appli\":1}",
                "{\"userid\":12345.5,\"appli\":1,\"startdate\":1,\"enddate\":2}",
                "{\"userid\":null,\"appli\":1,\"startdate\":1,\"enddate\":2}",
                "{\"userid\":12345,\"appli\":4,\"startdate\":1701942600,\"enddate\":1701942000}"
            })
    void malformedJsonIsRejected(String body) {
        assertThrows(MalformedNotificationException.class, () -> parse("application/json", body), body);
    }

    static SyncRequest parse(String contentType, String body) throws MalformedNotificationException {
        Map<String, List<String>> headers =
                contentType == null ? Map.of() : Map.of("Content-Type", List.of(contentType));
        return WithingsNotificationParser.parse(
                new InboundRequest("POST", headers, Map.of(), body.getBytes(StandardCharsets.UTF_8)));
    }
}
