package org.openhealthexchange.sandbox.withings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.openhealthexchange.sandbox.withings.TestData.params;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openhealthexchange.testkit.MutableClock;

class WithingsSimulatorTest {

    private static final String REDIRECT = "https://app.example/cb";
    private static final String CALLBACK = "https://app.example/webhooks/withings/?token=t";

    /** Records the calls toward the application and answers with a configurable status. */
    static final class FakeCallbacks implements CallbackClient {
        final List<String> calls = new ArrayList<>();
        int headStatus = 200;
        int postStatus = 202;

        @Override
        public int head(URI callback) {
            calls.add("HEAD " + callback);
            return headStatus;
        }

        @Override
        public int postForm(URI callback, String formBody) throws IOException {
            calls.add("POST " + callback + " " + formBody);
            return postStatus;
        }
    }

    private final FakeCallbacks callbacks = new FakeCallbacks();
    private final List<Long> pauses = new ArrayList<>();
    private MutableClock clock;
    private WithingsSimulator simulator;

    @BeforeEach
    void setUp() {
        clock = new MutableClock(TestData.NOW);
        simulator = simulator(null);
    }

    private WithingsSimulator simulator(WithingsFaults.Fault startupFault) {
        return new WithingsSimulator(
                new WithingsSimulator.Settings(
                        "sandbox-client",
                        "sandbox-secret",
                        500,
                        WithingsTokens.Lifetimes.WITHINGS,
                        true,
                        TestData.SETTINGS,
                        startupFault),
                clock,
                callbacks,
                pauses::add);
    }

    private static JsonNode json(SimulatorReply reply) throws IOException {
        return WithingsJson.MAPPER.readTree(reply.body());
    }

    private static Map<String, String> authorizeQuery(String... extra) {
        var query = new java.util.HashMap<>(Map.of(
                "response_type",
                "code",
                "client_id",
                "sandbox-client",
                "state",
                "a b",
                "scope",
                "user.metrics",
                "redirect_uri",
                REDIRECT));
        for (int i = 0; i < extra.length; i += 2) {
            query.put(extra[i], extra[i + 1]);
        }
        return query;
    }

    private String link(String... extra) throws IOException {
        SimulatorReply redirect = simulator.authorize(authorizeQuery(extra));
        String code = redirect.location().replaceAll(".*code=([^&]+).*", "$1");
        JsonNode token = json(simulator.token(params(
                "action",
                "requesttoken",
                "grant_type",
                "authorization_code",
                "client_id",
                "sandbox-client",
                "client_secret",
                "sandbox-secret",
                "code",
                code,
                "redirect_uri",
                REDIRECT)));
        assertEquals(0, token.get("status").asInt(), token.toString());
        return token.get("body").get("access_token").asText();
    }

    private JsonNode api(String service, String token, String... pairs) throws IOException {
        return json(simulator.api(service, params(pairs), "Bearer " + token));
    }

    @Test
    void authorizeApprovesAtOnceOrDeniesOnRequest() {
        SimulatorReply approved = simulator.authorize(authorizeQuery());
        assertEquals(302, approved.httpStatus());
        assertTrue(
                approved.location().matches("https://app\\.example/cb\\?code=[0-9a-f]{40}&state=a\\+b"),
                approved.location());
        SimulatorReply denied = simulator.authorize(authorizeQuery("sandbox_deny", "1"));
        assertEquals(REDIRECT + "?error=access_denied&state=a+b", denied.location());
        assertEquals(
                400, simulator.authorize(authorizeQuery("client_id", "other")).httpStatus());
    }

    @Test
    void tokenCarriesTheUserIdTheAuthorizePageHandedOut() throws IOException {
        String access = link("sandbox_userid", "777");
        assertEquals(
                0, api("v2/user", access, "action", "getdevice").get("status").asInt());
        SimulatorReply redirect = simulator.authorize(authorizeQuery());
        String code = redirect.location().replaceAll(".*code=([^&]+).*", "$1");
        JsonNode token = json(simulator.token(params(
                "action",
                "requesttoken",
                "grant_type",
                "authorization_code",
                "client_id",
                "sandbox-client",
                "client_secret",
                "sandbox-secret",
                "code",
                code,
                "redirect_uri",
                REDIRECT)));
        assertEquals("500", token.get("body").get("userid").asText());
        assertEquals(
                2554,
                json(simulator.token(params("action", "refreshtoken")))
                        .get("status")
                        .asInt(),
                "there is no action=refreshtoken");
    }

    @Test
    void dataCallsNeedAValidBearerTokenAndAnswerErrorsWithHttp200() throws IOException {
        SimulatorReply reply = simulator.api("measure", params("action", "getmeas"), "Bearer nope");
        assertEquals(200, reply.httpStatus());
        assertEquals(401, json(reply).get("status").asInt());
        String access = link();
        assertEquals(
                0, api("measure", access, "action", "getmeas").get("status").asInt());
        assertEquals(
                0,
                json(simulator.api("measure", params("action", "getmeas", "access_token", access), null))
                        .get("status")
                        .asInt());
        assertEquals(
                2554,
                api("measure", access, "action", "getsomething").get("status").asInt());
        assertEquals(
                503,
                api("measure", access, "action", "getmeas", "startdate", "yesterday")
                        .get("status")
                        .asInt());
    }

    @Test
    void faultsApplyToTheNextCallsThenStop() throws IOException {
        String access = link();
        simulator.armFault(WithingsJson.MAPPER.readTree("{\"status\":601,\"count\":2,\"latency_ms\":250}"));
        assertEquals(
                601, api("v2/user", access, "action", "getdevice").get("status").asInt());
        assertEquals(
                601, api("v2/user", access, "action", "getdevice").get("status").asInt());
        assertEquals(
                0, api("v2/user", access, "action", "getdevice").get("status").asInt());
        assertEquals(List.of(250L, 250L), pauses);

        simulator.armFault(WithingsJson.MAPPER.readTree("{\"http_status\":503}"));
        assertEquals(
                503,
                simulator
                        .api("v2/user", params("action", "getdevice"), "Bearer " + access)
                        .httpStatus());
        assertEquals(
                200,
                simulator
                        .api("v2/user", params("action", "getdevice"), "Bearer " + access)
                        .httpStatus());

        simulator.armFault(WithingsJson.MAPPER.readTree("{\"target\":\"token\",\"status\":503}"));
        assertEquals(
                0, api("v2/user", access, "action", "getdevice").get("status").asInt(), "data calls unaffected");
        String code = simulator.authorize(authorizeQuery()).location().replaceAll(".*code=([^&]+).*", "$1");
        JsonNode refused = json(simulator.token(params(
                "action",
                "requesttoken",
                "grant_type",
                "authorization_code",
                "client_id",
                "sandbox-client",
                "client_secret",
                "sandbox-secret",
                "code",
                code,
                "redirect_uri",
                REDIRECT)));
        assertEquals(503, refused.get("status").asInt(), "a valid code refused by the injected fault");
        assertEquals("Invalid Params: invalid code", refused.get("error").asText());
        link();
        assertEquals(
                400,
                simulator
                        .armFault(WithingsJson.MAPPER.readTree("{\"count\":3}"))
                        .httpStatus());
    }

    @Test
    void configuredFaultHitsEveryCallUntilCleared() throws IOException {
        simulator = simulator(new WithingsFaults.Fault(601, 0, 0, -1));
        String access = link();
        for (int i = 0; i < 5; i++) {
            assertEquals(
                    601,
                    api("measure", access, "action", "getmeas").get("status").asInt());
        }
        simulator.clearFaults();
        assertEquals(
                0, api("measure", access, "action", "getmeas").get("status").asInt());
    }

    @Test
    void subscribeChecksTheCallbackWithHeadAndMeasurementsNotifySubscribers() throws IOException {
        String access = link("sandbox_userid", "42");
        callbacks.headStatus = 404;
        assertEquals(
                293,
                api("notify", access, "action", "subscribe", "callbackurl", CALLBACK, "appli", "1")
                        .get("status")
                        .asInt());
        callbacks.headStatus = 200;
        assertEquals(
                0,
                api("notify", access, "action", "subscribe", "callbackurl", CALLBACK, "appli", "1")
                        .get("status")
                        .asInt());
        assertEquals(
                0,
                api("notify", access, "action", "subscribe", "callbackurl", CALLBACK, "appli", "4")
                        .get("status")
                        .asInt());
        assertEquals(
                2,
                api("notify", access, "action", "list")
                        .get("body")
                        .get("profiles")
                        .size());
        assertEquals(
                CALLBACK,
                api("notify", access, "action", "get", "callbackurl", CALLBACK, "appli", "4")
                        .get("body")
                        .get("callbackurl")
                        .asText());

        callbacks.calls.clear();
        JsonNode recorded = json(simulator.recordMeasurement(
                "42",
                WithingsJson.MAPPER.readTree(
                        "{\"type\":\"weight\",\"value\":72.4,\"timestamp\":" + (TestData.NOW_S - 30) + "}")));
        long date = TestData.NOW_S - 30;
        assertEquals(
                List.of("POST " + CALLBACK + " userid=42&appli=1&startdate=" + date + "&enddate=" + (date + 1)),
                callbacks.calls,
                "only the appli 1 subscription is notified");
        assertEquals(
                202, recorded.get("notifications").get(0).get("http_status").asInt());

        JsonNode meas = api(
                "measure",
                access,
                "action",
                "getmeas",
                "startdate",
                Long.toString(date),
                "enddate",
                Long.toString(date + 1));
        assertEquals(
                72400,
                meas.get("body")
                        .get("measuregrps")
                        .get(0)
                        .get("measures")
                        .get(0)
                        .get("value")
                        .asInt());

        assertEquals(
                0,
                api("notify", access, "action", "revoke", "callbackurl", CALLBACK)
                        .get("status")
                        .asInt());
        assertEquals(
                294,
                api("notify", access, "action", "revoke", "callbackurl", CALLBACK)
                        .get("status")
                        .asInt());
        assertEquals(
                343,
                api("notify", access, "action", "get", "callbackurl", CALLBACK)
                        .get("status")
                        .asInt());
        assertEquals(
                400,
                simulator
                        .recordMeasurement("42", WithingsJson.MAPPER.readTree("{\"type\":\"mood\",\"value\":1}"))
                        .httpStatus());
    }

    @Test
    void bloodPressureIsRecordedAsOneGroupAndStatsCountCalls() throws IOException {
        String access = link("sandbox_userid", "43");
        JsonNode reply = json(simulator.recordMeasurement(
                "43",
                WithingsJson.MAPPER.readTree(
                        "{\"measures\":[{\"type\":\"systolic\",\"value\":128},{\"type\":\"diastolic\",\"value\":82},"
                                + "{\"type\":\"heart_rate\",\"value\":66}]}")));
        assertEquals(4, reply.get("appli").asInt());
        assertEquals(3, reply.get("measuregrp").get("measures").size());
        assertEquals("BPM Connect", reply.get("measuregrp").get("model").asText());
        api("measure", access, "action", "getmeas");
        JsonNode stats = json(simulator.stats());
        assertEquals(1, stats.get("token.authorization_code").asInt());
        assertEquals(1, stats.get("api.measure.getmeas").asInt());
        simulator.reset();
        assertEquals(
                401, api("measure", access, "action", "getmeas").get("status").asInt(), "reset forgets tokens");
    }
}
