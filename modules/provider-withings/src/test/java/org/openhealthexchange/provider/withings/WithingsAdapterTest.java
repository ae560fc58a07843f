package org.openhealthexchange.provider.withings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.openhealthexchange.provider.withings.FakeWithings.golden;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openhealthexchange.core.record.DataType;
import org.openhealthexchange.core.record.Ecg;
import org.openhealthexchange.core.record.HealthRecord;
import org.openhealthexchange.core.record.Series;
import org.openhealthexchange.core.spi.FetchOutcome;
import org.openhealthexchange.core.spi.FetchRequest;
import org.openhealthexchange.core.spi.ProviderException;
import org.openhealthexchange.provider.withings.FakeWithings.Call;
import org.openhealthexchange.provider.withings.client.WithingsApiClient;
import org.openhealthexchange.provider.withings.config.WithingsSettings;
import org.openhealthexchange.testkit.RecordingTokens;

class WithingsAdapterTest {

    static final Instant START = Instant.ofEpochSecond(1717200000); // 2024-06-01T00:00:00Z
    static final Instant END = Instant.ofEpochSecond(1717286400);

    final FakeWithings withings = new FakeWithings();
    final WithingsSettings settings = WithingsSettings.forApi(withings.baseUrl(), "client", "secret");
    /** Well after the test days: every day the tests ask for is over. */
    final Clock clock = Clock.fixed(Instant.parse("2024-06-10T00:00:00Z"), ZoneOffset.UTC);

    final WithingsAdapter adapter = new WithingsAdapter(settings, new WithingsApiClient(settings), clock);
    final RecordingTokens tokens = new RecordingTokens();
    final List<List<? extends HealthRecord>> batches = new ArrayList<>();

    @AfterEach
    void stop() {
        withings.close();
    }

    @Test
    void describesItself() {
        assertEquals("withings", adapter.id());
        assertEquals("Withings", adapter.displayName());
        assertEquals(
                EnumSet.of(
                        DataType.WEIGHT,
                        DataType.HEIGHT,
                        DataType.BODY_FAT,
                        DataType.BLOOD_PRESSURE,
                        DataType.HEART_RATE,
                        DataType.OXYGEN_SATURATION,
                        DataType.BODY_TEMPERATURE,
                        DataType.ECG,
                        DataType.STEPS,
                        DataType.ACTIVITY,
                        DataType.SLEEP,
                        DataType.DEVICE),
                adapter.capabilities().dataTypes());
        assertTrue(adapter.capabilities().oauthLinking());
        assertTrue(adapter.capabilities().notifications());
    }

    @Test
    void measuresArePagedByOffsetAndTheFirstUpdatetimeIsTheNextCursor() throws Exception {
        withings.reply("/measure", "getmeas", golden("getmeas-page1.json"), golden("getmeas-page2.json"));

        FetchOutcome outcome = fetch(Set.of(DataType.WEIGHT, DataType.BLOOD_PRESSURE, DataType.HEIGHT), null);

        List<Call> calls = withings.calls("/measure", "getmeas");
        assertEquals(2, calls.size());
        assertEquals(
                Map.of(
                        "action",
                        "getmeas",
                        "meastypes",
                        "1,4,9,10",
                        "category",
                        "1",
                        "startdate",
                        "1717200000",
                        "enddate",
                        "1717286400"),
                calls.get(0).form());
        assertEquals("5", calls.get(1).form().get("offset"));
        assertEquals("Bearer token-0", calls.get(0).authorization());
        assertEquals(
                List.of(List.of("5423702714-1", "4716596696-9", "4716596696-10"), List.of("4716596701-4")),
                batches.stream()
                        .map(b -> b.stream().map(HealthRecord::sourceId).toList())
                        .toList());
        assertEquals(new FetchOutcome(4, Optional.of("1717243200")), outcome);
        assertEquals(2, withings.calls().size(), "no other service called");
    }

    @Test
    void aCursorAsksForEverythingModifiedSinceInsteadOfTheWindow() throws Exception {
        withings.reply("/measure", "getmeas", golden("getmeas-page2.json"));

        FetchOutcome outcome = fetch(Set.of(DataType.WEIGHT), "1717000000");

        Map<String, String> form = withings.calls().get(0).form();
        assertEquals("1717000000", form.get("lastupdate"));
        assertTrue(!form.containsKey("startdate") && !form.containsKey("enddate"), form.toString());
        assertEquals("4716596702-1", batches.get(0).get(0).sourceId(), "kept although past the window end");
        assertEquals(Optional.of("1717243201"), outcome.nextCursor());
    }

    @Test
    void intradayHeartRateIsFetchedPerCompleteUtcDay() throws Exception {
        withings.reply(
                "/measure", "getmeas", "{\"status\":0,\"body\":{\"updatetime\":1,\"measuregrps\":[],\"more\":0}}");
        withings.respond(
                "/v2/measure",
                "getintradayactivity",
                call -> new FakeWithings.Reply(
                        200,
                        "{\"status\":0,\"body\":{\"series\":{\"" + call.form().get("startdate")
                                + "\":{\"deviceid\":\"w\",\"heart_rate\":60}}}}"));
        // A window from 01:00 on day 1 to 02:00 on day 4: only days 2 and 3 are complete.
        Instant start = START.plusSeconds(3600);
        Instant end = START.plusSeconds(74 * 3600);

        FetchOutcome outcome = adapter.fetch(request(Set.of(DataType.HEART_RATE), start, end, null), batches::add);

        List<Call> calls = withings.calls("/v2/measure", "getintradayactivity");
        assertEquals(
                List.of(List.of("1717286400", "1717372800"), List.of("1717372800", "1717459200")),
                calls.stream()
                        .map(c -> List.of(c.form().get("startdate"), c.form().get("enddate")))
                        .toList());
        assertEquals("heart_rate", calls.get(0).form().get("data_fields"));
        List<Series> series = batches.stream()
                .flatMap(List::stream)
                .filter(Series.class::isInstance)
                .map(Series.class::cast)
                .toList();
        assertEquals(
                List.of("hr-1717286400", "hr-1717372800"),
                series.stream().map(Series::sourceId).toList(),
                "identifiers are days, whatever the window");
        assertEquals(
                List.of(1440, 1440),
                series.stream().map(s -> s.samples().length).toList());
        assertEquals(60.0, series.get(1).samples()[0]);
        assertEquals(2, outcome.records());
    }

    @Test
    void aBackfillReachingIntoTodayLeavesTheDayInProgressForALaterSync() throws Exception {
        Clock afternoon = Clock.fixed(Instant.parse("2024-06-03T15:00:00Z"), ZoneOffset.UTC);
        var adapter = new WithingsAdapter(settings, new WithingsApiClient(settings), afternoon);
        withings.reply(
                "/measure", "getmeas", "{\"status\":0,\"body\":{\"updatetime\":1,\"measuregrps\":[],\"more\":0}}");
        withings.respond(
                "/v2/measure",
                "getintradayactivity",
                call -> new FakeWithings.Reply(
                        200,
                        "{\"status\":0,\"body\":{\"series\":{\"" + call.form().get("startdate")
                                + "\":{\"deviceid\":\"w\",\"heart_rate\":60}}}}"));
        withings.reply("/v2/measure", "getactivity", golden("getactivity.json"));

        adapter.fetch(
                request(Set.of(DataType.HEART_RATE, DataType.STEPS), START, START.plusSeconds(4 * 86400), null),
                batches::add);

        assertEquals(
                List.of("1717200000", "1717286400"),
                withings.calls("/v2/measure", "getintradayactivity").stream()
                        .map(c -> c.form().get("startdate"))
                        .toList(),
                "1 and 2 June; 3 June is not over");
        List<HealthRecord> records =
                batches.stream().<HealthRecord>flatMap(List::stream).toList();
        assertTrue(
                records.stream()
                        .filter(Series.class::isInstance)
                        .map(Series.class::cast)
                        .noneMatch(s -> s.end().isAfter(afternoon.instant())),
                "no series ends in the future");
        assertEquals(
                List.of("activity-2024-06-01", "activity-2024-06-02", "hr-1717200000", "hr-1717286400"),
                records.stream().map(HealthRecord::sourceId).toList(),
                "New York's 2 June ended at 04:00Z; the UTC day 3 June is still running");
    }

    @Test
    void ecgsAreListedThenFetchedOneByOne() throws Exception {
        withings.reply("/v2/heart", "list", golden("heart-list.json"));
        withings.respond(
                "/v2/heart",
                "get",
                call -> new FakeWithings.Reply(
                        200, golden("heart-get-" + call.form().get("signalid") + ".json")));

        FetchOutcome outcome = fetch(Set.of(DataType.ECG), null);

        assertEquals(
                Map.of("action", "list", "startdate", "1717200000", "enddate", "1717286400"),
                withings.calls("/v2/heart", "list").get(0).form());
        assertEquals(
                List.of("48", "49"),
                withings.calls("/v2/heart", "get").stream()
                        .map(c -> c.form().get("signalid"))
                        .toList());
        assertEquals(
                List.of("ecg-48", "ecg-49"),
                batches.get(0).stream().map(HealthRecord::sourceId).toList());
        assertEquals(500.0, ((Ecg) batches.get(0).get(0)).samplingFrequencyHz());
        assertEquals(2, outcome.records());
    }

    @Test
    void dailyActivityPagesWhileMoreIsTrue() throws Exception {
        withings.reply(
                "/v2/measure",
                "getactivity",
                "{\"status\":0,\"body\":{\"activities\":[{\"date\":\"2024-05-31\",\"steps\":1}],\"more\":true,"
                        + "\"offset\":1}}",
                golden("getactivity.json"));

        FetchOutcome outcome = fetch(Set.of(DataType.STEPS), null);

        List<Call> calls = withings.calls("/v2/measure", "getactivity");
        assertEquals("2024-06-01", calls.get(0).form().get("startdateymd"));
        assertEquals("2024-06-01", calls.get(0).form().get("enddateymd"), "end is exclusive");
        assertEquals("1", calls.get(1).form().get("offset"));
        assertEquals(4, outcome.records());
        assertEquals(Optional.empty(), outcome.nextCursor(), "no getmeas, no new cursor");
    }

    @Test
    void sleepAndDevicesComeFromTheirServices() throws Exception {
        withings.reply("/v2/sleep", "getsummary", golden("sleep-getsummary.json"));
        withings.reply("/v2/user", "getdevice", golden("user-getdevice.json"));

        FetchOutcome outcome = fetch(Set.of(DataType.SLEEP, DataType.DEVICE), "1717000000");

        Map<String, String> sleep =
                withings.calls("/v2/sleep", "getsummary").get(0).form();
        assertTrue(sleep.get("data_fields").contains("total_sleep_time"));
        assertEquals("2024-06-01", sleep.get("startdateymd"));
        assertEquals(4, outcome.records());
        assertEquals(Optional.of("1717000000"), outcome.nextCursor(), "an untouched cursor is handed back");
    }

    @Test
    void aRejectedTokenIsRefreshedOnceDuringAFetch() throws Exception {
        withings.reply("/v2/user", "getdevice", golden("error-401.json"), golden("user-getdevice.json"));

        fetch(Set.of(DataType.DEVICE), null);

        assertEquals(List.of("token-0"), tokens.rejected());
        assertEquals(2, batches.get(0).size());
    }

    @Test
    void rateLimitingStopsTheFetch() {
        withings.reply("/measure", "getmeas", golden("error-601.json"));

        ProviderException e = assertThrows(ProviderException.class, () -> fetch(Set.of(DataType.WEIGHT), null));

        assertEquals(ProviderException.Kind.RATE_LIMITED, e.kind());
        assertTrue(e.retryable());
    }

    @Test
    void aDisabledAdapterRefusesWithoutCallingWithings() {
        var disabled = new WithingsAdapter(settings.withEnabled(false), new WithingsApiClient(settings), clock);

        ProviderException e = assertThrows(
                ProviderException.class,
                () -> disabled.fetch(request(Set.of(DataType.WEIGHT), START, END, null), batches::add));

        assertEquals(ProviderException.Kind.REJECTED, e.kind());
        assertEquals(List.of(), withings.calls());
    }

    private FetchOutcome fetch(Set<DataType> types, String cursor) throws ProviderException {
        return adapter.fetch(request(types, START, END, cursor), batches::add);
    }

    private FetchRequest request(Set<DataType> types, Instant start, Instant end, String cursor) {
        return new FetchRequest("ehr-1", "363", start, end, types, Optional.ofNullable(cursor), tokens);
    }
}
