package org.openhealthexchange.sink.fhir;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.openhealthexchange.sink.fhir.SinkFixtures.response;

import ca.uhn.fhir.model.api.StorageResponseCodeEnum;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.util.UrlUtil;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleType;
import org.hl7.fhir.r4.model.Bundle.HTTPVerb;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openhealthexchange.core.fhir.FhirContexts;
import org.openhealthexchange.core.record.PatientInfo;
import org.openhealthexchange.core.spi.PublishBatch;
import org.openhealthexchange.core.spi.PublishResult;
import org.openhealthexchange.core.spi.PublishResult.EntryOutcome;
import org.openhealthexchange.core.spi.PublishResult.Status;
import org.openhealthexchange.sink.fhir.SinkFixtures.RecordingSleeper;

class FhirPublisherTest {

    private static final String FHIR_JSON = "application/fhir+json;charset=UTF-8";
    private static WireMockServer ehr;

    private final RecordingSleeper sleeper = new RecordingSleeper();

    @BeforeAll
    static void startEhr() {
        ehr = new WireMockServer(wireMockConfig().dynamicPort());
        ehr.start();
    }

    @AfterAll
    static void stopEhr() {
        ehr.stop();
    }

    /** The EHR already holds ehr-42's Patient as Patient/p1, and nothing under the batch's identifiers. */
    @BeforeEach
    void reset() {
        ehr.resetAll();
        ehr.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(urlPathEqualTo("/fhir/Patient"))
                .willReturn(fhir(200, PATIENT_P1)));
        ehr.stubFor(post(com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching("/fhir/[A-Za-z]+/_search"))
                .willReturn(fhir(200, EMPTY_SEARCHSET)));
    }

    static final String EMPTY_SEARCHSET = "{\"resourceType\":\"Bundle\",\"type\":\"searchset\"}";
    static final String PATIENT_P1 =
            """
            {"resourceType":"Bundle","type":"searchset","entry":[{"resource":{"resourceType":"Patient","id":"p1",
             "identifier":[{"system":"urn:ohe:ehr-user-id","value":"ehr-42"}]}}]}""";

    private FhirPublisher publisher(FhirSinkSettings settings) {
        return FhirPublisherFactory.create(settings, SinkFixtures.CLOCK, sleeper);
    }

    private FhirSinkSettings settings() {
        return SinkFixtures.settings(ehr.baseUrl() + "/fhir");
    }

    private static MappingBuilder fhirPost() {
        return post(urlPathEqualTo("/fhir"));
    }

    private static MappingBuilder transaction() {
        return fhirPost().withRequestBody(matchingJsonPath("$.type", equalTo("transaction")));
    }

    private static MappingBuilder batch() {
        return fhirPost().withRequestBody(matchingJsonPath("$.type", equalTo("batch")));
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder fhir(int status, String body) {
        return aResponse()
                .withStatus(status)
                .withHeader("Content-Type", FHIR_JSON)
                .withBody(body);
    }

    @Test
    void sendsOneTransactionOfConditionalUpdatesAndReportsEachRecord() throws IOException {
        if (Boolean.getBoolean("golden.update")) {
            ehr.stubFor(transaction()
                    .willReturn(fhir(
                            200,
                            response(
                                    BundleType.TRANSACTIONRESPONSE,
                                    "201 Created Observation/11/_history/1",
                                    "201 Created Observation/12/_history/1",
                                    "200 OK Device/7/_history/1"))));
            publisher(settings()).publish(SinkFixtures.batch());
            var body = sentBundles().get(0);
            java.nio.file.Files.writeString(
                    java.nio.file.Path.of("src/test/resources/fhir-sink/transaction.json"),
                    FhirContexts.r4().newJsonParser().setPrettyPrint(true).encodeResourceToString(body) + "\n");
            ehr.resetRequests();
        }
        ehr.stubFor(transaction()
                .willReturn(fhir(
                        200,
                        response(
                                BundleType.TRANSACTIONRESPONSE,
                                "201 Created Observation/11/_history/1",
                                "201 Created Observation/12/_history/1",
                                "200 OK Device/7/_history/1"))));

        var result = publisher(settings()).publish(SinkFixtures.batch());

        ehr.verify(
                1,
                postRequestedFor(urlPathEqualTo("/fhir"))
                        .withHeader(
                                "Content-Type", com.github.tomakehurst.wiremock.client.WireMock.containing("fhir+json"))
                        .withRequestBody(equalToJson(expected("transaction.json"), false, false)));
        assertEquals(
                List.of(
                        new EntryOutcome("grp-1", Status.CREATED, "Observation/11/_history/1", null),
                        new EntryOutcome("grp-2-sys", Status.CREATED, "Observation/12/_history/1", null),
                        new EntryOutcome("grp-2-dia", Status.CREATED, "Observation/12/_history/1", null),
                        new EntryOutcome("dev-1", Status.UNCHANGED, "Device/7/_history/1", null)),
                result.entries());
    }

    @Test
    void aBatchLargerThanTheBatchSizeIsSentAsSeveralTransactions() {
        ehr.stubFor(transaction()
                .inScenario("chunks")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(fhir(
                        200,
                        response(
                                BundleType.TRANSACTIONRESPONSE,
                                "201 Created Observation/11/_history/1",
                                "201 Created Observation/12/_history/1",
                                "201 Created Device/7/_history/1")))
                .willSetStateTo("second"));
        ehr.stubFor(transaction()
                .inScenario("chunks")
                .whenScenarioStateIs("second")
                .willReturn(fhir(200, response(BundleType.TRANSACTIONRESPONSE, "201 Created Device/7/_history/1"))));

        var result = publisher(settings().withBatchSize(2)).publish(SinkFixtures.batch());

        ehr.verify(
                1,
                postRequestedFor(urlPathEqualTo("/fhir"))
                        .withRequestBody(matchingJsonPath(
                                "$.entry[1].request.url",
                                equalTo("Observation?identifier=urn:ohe:withings:blood_pressure|wu-7:grp-2"))));
        ehr.verify(
                1,
                postRequestedFor(urlPathEqualTo("/fhir"))
                        .withRequestBody(matchingJsonPath(
                                "$.entry[0].request.url",
                                equalTo("Device?identifier=urn:ohe:withings:device|wu-7:dev-1"))));
        assertEquals(4, result.count(Status.CREATED));
        assertEquals("Device/7/_history/1", result.entries().get(3).targetId());
    }

    @Test
    void aRejectedTransactionIsResentAsABatchSoOnlyTheBadEntryFails() {
        ehr.stubFor(transaction().willReturn(fhir(422, SinkFixtures.operationOutcome("Observation.device: unknown"))));
        ehr.stubFor(batch().willReturn(fhir(
                200,
                response(
                        BundleType.BATCHRESPONSE,
                        "201 Created Observation/11/_history/1",
                        "400 Bad Request!Observation.component[0]: unit mm[Hg] expected",
                        "201 Created Device/7/_history/1"))));

        var result = publisher(settings()).publish(SinkFixtures.batch());

        ehr.verify(2, postRequestedFor(urlPathEqualTo("/fhir")));
        assertEquals(Status.CREATED, result.entries().get(0).status());
        for (var bp : result.entries().subList(1, 3)) {
            assertEquals(Status.FAILED, bp.status());
            assertEquals("HTTP 400 Bad Request: Observation.component[0]: unit mm[Hg] expected", bp.error());
        }
        assertEquals(Status.CREATED, result.entries().get(3).status());
        assertEquals(List.of(), sleeper.waits, "a 4xx is not retried");
    }

    @Test
    void aTooManyRequestsAnswerIsRetriedAfterTheServersRetryAfter() {
        ehr.stubFor(transaction()
                .inScenario("busy")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(
                        fhir(429, SinkFixtures.operationOutcome("slow down")).withHeader("Retry-After", "7"))
                .willSetStateTo("calm"));
        ehr.stubFor(transaction()
                .inScenario("busy")
                .whenScenarioStateIs("calm")
                .willReturn(fhir(
                        200,
                        response(
                                BundleType.TRANSACTIONRESPONSE,
                                "201 Created Observation/11/_history/1",
                                "201 Created Observation/12/_history/1",
                                "201 Created Device/7/_history/1"))));

        var result = publisher(settings()).publish(SinkFixtures.batch());

        assertEquals(List.of(Duration.ofSeconds(7)), sleeper.waits);
        ehr.verify(2, postRequestedFor(urlPathEqualTo("/fhir")));
        assertTrue(result.allSucceeded(), result::toString);
    }

    @Test
    void serverErrorsAreRetriedWithExponentialBackoffThenEveryEntryFails() {
        ehr.stubFor(transaction().willReturn(fhir(503, SinkFixtures.operationOutcome("maintenance"))));

        var result = publisher(settings()).publish(SinkFixtures.batch());

        ehr.verify(4, postRequestedFor(urlPathEqualTo("/fhir")));
        assertEquals(List.of(Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2)), sleeper.waits);
        assertEquals(4, result.count(Status.FAILED));
        var error = result.entries().get(0).error();
        assertTrue(error.contains("HTTP 503") && error.contains("maintenance") && error.contains("4 attempts"), error);
    }

    @Test
    void anUnreachableEhrFailsEveryEntryAfterTheAttempts() {
        var unreachable = SinkFixtures.settings("http://127.0.0.1:1/fhir");

        var result = publisher(unreachable).publish(SinkFixtures.batch());

        assertEquals(3, sleeper.waits.size());
        assertEquals(4, result.count(Status.FAILED));
        assertTrue(
                result.entries().get(0).error().contains("no response from the EHR"),
                result.entries().get(0).error());
    }

    @Test
    void aStaticBearerTokenIsSentWithEveryRequest() {
        ehr.stubFor(transaction()
                .withHeader("Authorization", equalTo("Bearer s3cret-token"))
                .willReturn(fhir(
                        200,
                        response(
                                BundleType.TRANSACTIONRESPONSE,
                                "201 Created Observation/11/_history/1",
                                "200 OK Device/7/_history/1"))));
        var settings = settings().withAuth(FhirSinkSettings.AuthSettings.bearer("s3cret-token"));

        var result = publisher(settings).publish(SinkFixtures.batch(List.of(SinkFixtures.weight())));

        assertEquals(Status.CREATED, result.entries().get(0).status(), String.valueOf(result.entries()));
        ehr.verify(
                postRequestedFor(urlPathEqualTo("/fhir")).withHeader("Authorization", equalTo("Bearer s3cret-token")));
    }

    @Test
    void unmappableAndDuplicateRecordsDoNotStopTheRest() {
        var halfReading = SinkFixtures.records().get(1);
        var records = List.of(SinkFixtures.weight(), halfReading, SinkFixtures.weight());
        ehr.stubFor(transaction()
                .willReturn(fhir(
                        200,
                        response(
                                BundleType.TRANSACTIONRESPONSE,
                                "200 OK Observation/11/_history/1",
                                "200 OK Device/7/_history/1"))));

        PublishResult result = publisher(settings()).publish(SinkFixtures.batch(records));

        ehr.verify(
                1,
                postRequestedFor(urlPathEqualTo("/fhir"))
                        .withRequestBody(matchingJsonPath(
                                "$.entry.length()", equalTo("2")))); // the weight and the scale it names
        assertEquals(Status.UNCHANGED, result.entries().get(0).status());
        assertEquals(Status.SKIPPED, result.entries().get(1).status(), "reported, but it fails nothing");
        assertTrue(
                result.entries().get(1).error().contains("diastolic"),
                result.entries().get(1).error());
        assertEquals(Status.UNCHANGED, result.entries().get(2).status());
    }

    @Test
    void aDisabledOrUnconfiguredSinkFailsEveryRecordWithoutSending() {
        var disabled = new FhirSinkSettings(
                false,
                settings().baseUrl(),
                100,
                "urn:ohe:ehr-user-id",
                FhirSinkSettings.AuthSettings.none(),
                4,
                Duration.ofMillis(500),
                Duration.ofSeconds(5));
        var unconfigured = new FhirSinkSettings(
                true,
                java.util.Optional.empty(),
                100,
                "urn:ohe:ehr-user-id",
                FhirSinkSettings.AuthSettings.none(),
                4,
                Duration.ofMillis(500),
                Duration.ofSeconds(5));

        assertEquals(4, publisher(disabled).publish(SinkFixtures.batch()).count(Status.FAILED));
        var result = publisher(unconfigured).publish(SinkFixtures.batch());
        assertTrue(
                result.entries().get(0).error().contains("base-url"),
                result.entries().get(0).error());
        ehr.verify(0, postRequestedFor(urlPathEqualTo("/fhir")));
    }

    @Test
    void retractDeletesOnlyTheWindowsRecordsOfTheKindsThatTheVendorNoLongerHas() {
        String searchset =
                """
                {"resourceType":"Bundle","type":"searchset","entry":[
                 {"resource":{"resourceType":"Observation","id":"1","status":"final","code":{"text":"w"},
                   "identifier":[{"system":"urn:ohe:fitbit:weight","value":"fu-1:kept"}],
                   "effectiveDateTime":"2026-03-01T08:00:00Z"}},
                 {"resource":{"resourceType":"Observation","id":"2","status":"final","code":{"text":"w"},
                   "identifier":[{"system":"urn:ohe:fitbit:weight","value":"fu-1:gone"}],
                   "effectiveDateTime":"2026-03-01T09:00:00Z"}},
                 {"resource":{"resourceType":"Observation","id":"3","status":"final","code":{"text":"w"},
                   "identifier":[{"system":"urn:ohe:fitbit:weight","value":"fu-1:earlier"}],
                   "effectiveDateTime":"2026-02-28T23:00:00Z"}},
                 {"resource":{"resourceType":"Observation","id":"4","status":"final","code":{"text":"hr"},
                   "identifier":[{"system":"urn:ohe:fitbit:heart_rate","value":"fu-1:other-kind"}],
                   "effectivePeriod":{"start":"2026-03-01T10:00:00Z","end":"2026-03-01T11:00:00Z"}}}]}""";
        ehr.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(urlPathEqualTo("/fhir/Observation"))
                .withQueryParam("subject", equalTo("Patient/p1"))
                .withQueryParam("identifier", equalTo("urn:ohe:fitbit:weight|"))
                .willReturn(fhir(200, searchset)));
        ehr.stubFor(transaction().willReturn(fhir(200, response(BundleType.TRANSACTIONRESPONSE, "204 No Content"))));

        int removed = publisher(settings())
                .retract(new org.openhealthexchange.core.spi.Retraction(
                        "fitbit",
                        "u1",
                        "fu-1",
                        java.util.Set.of("weight"),
                        java.time.Instant.parse("2026-03-01T00:00:00Z"),
                        java.time.Instant.parse("2026-03-02T00:00:00Z"),
                        java.util.Set.of("weight|kept")));

        assertEquals(1, removed);
        ehr.verify(
                1,
                postRequestedFor(urlPathEqualTo("/fhir"))
                        .withRequestBody(matchingJsonPath("$.entry.length()", equalTo("1")))
                        .withRequestBody(matchingJsonPath("$.entry[0].request.method", equalTo("DELETE")))
                        .withRequestBody(matchingJsonPath("$.entry[0].request.url", equalTo("Observation/2"))));
    }

    @Test
    void retractWithNothingGoneSendsNoTransaction() {
        ehr.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(urlPathEqualTo("/fhir/Observation"))
                .willReturn(fhir(200, "{\"resourceType\":\"Bundle\",\"type\":\"searchset\"}")));
        int removed = publisher(settings())
                .retract(new org.openhealthexchange.core.spi.Retraction(
                        "fitbit",
                        "u1",
                        "fu-1",
                        java.util.Set.of("weight"),
                        java.time.Instant.parse("2026-03-01T00:00:00Z"),
                        java.time.Instant.parse("2026-03-02T00:00:00Z"),
                        java.util.Set.of()));
        assertEquals(0, removed);
        ehr.verify(0, postRequestedFor(urlPathEqualTo("/fhir")));
    }

    @Test
    void aPracticesPatientsAndAppointmentsAreConditionalUpdatesScopedByTheInstallation() {
        var patient = new PatientInfo(
                "calldoc",
                "P-4711",
                "Muster",
                "Erika",
                LocalDate.of(1964, 8, 12),
                PatientInfo.Gender.FEMALE,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null);
        ehr.stubFor(transaction()
                .willReturn(fhir(200, response(BundleType.TRANSACTIONRESPONSE, "200 OK Patient/3/_history/2"))));

        var result =
                publisher(settings()).publish(new PublishBatch("b-2", "calldoc", null, "praxis-1", List.of(patient)));

        var sent = sentBundles().get(0);
        assertEquals(1, sent.getEntry().size(), "an organisation's batch ensures no EHR-user Patient");
        var request = sent.getEntry().get(0).getRequest();
        assertEquals(HTTPVerb.PUT, request.getMethod());
        assertEquals("Patient?identifier=urn:ohe:calldoc:patient|praxis-1:P-4711", request.getUrl());
        assertFalse(request.hasIfNoneExist());
        ehr.verify(0, com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(urlPathEqualTo("/fhir/Patient")));
        assertEquals(Status.UPDATED, result.entries().get(0).status());
    }

    @Test
    void aConditionalUpdateWhoseMatchBelongsToAnotherPatientIsRefusedAndTheRestIsSent() {
        ehr.stubFor(
                post(urlPathEqualTo("/fhir/Observation/_search"))
                        .willReturn(
                                fhir(
                                        200,
                                        """
                {"resourceType":"Bundle","type":"searchset","entry":[{"resource":{"resourceType":"Observation",
                 "id":"99","identifier":[{"system":"urn:ohe:withings:weight","value":"wu-7:grp-1"}],
                 "subject":{"reference":"Patient/other"}}}]}""")));
        ehr.stubFor(transaction()
                .willReturn(fhir(
                        200,
                        response(
                                BundleType.TRANSACTIONRESPONSE,
                                "201 Created Observation/12/_history/1",
                                "200 OK Device/7/_history/1"))));

        var result = publisher(settings()).publish(SinkFixtures.batch());

        var sent = sentBundles().get(0);
        assertEquals(2, sent.getEntry().size());
        assertTrue(
                sent.getEntry().stream().noneMatch(e -> e.getRequest().getUrl().contains("weight")),
                "the other patient's weight is never written");
        assertEquals(Status.FAILED, result.entries().get(0).status());
        assertTrue(
                result.entries().get(0).error().contains("Observation/99")
                        && result.entries().get(0).error().contains("Patient/other"),
                result.entries().get(0).error());
        assertEquals(Status.CREATED, result.entries().get(1).status());
        ehr.verify(postRequestedFor(urlPathEqualTo("/fhir/Observation/_search"))
                .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.containing("wu-7%3Agrp-1")));
    }

    @Test
    void ensureModeCreatesAMissingPatientInTheSameTransactionAndReferencesItsEntry() {
        ehr.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(urlPathEqualTo("/fhir/Patient"))
                .willReturn(fhir(200, EMPTY_SEARCHSET)));
        ehr.stubFor(transaction()
                .willReturn(fhir(
                        200,
                        response(
                                BundleType.TRANSACTIONRESPONSE,
                                "201 Created Observation/11/_history/1",
                                "201 Created Patient/5/_history/1",
                                "201 Created Device/8/_history/1"))));

        var result = publisher(settings()).publish(SinkFixtures.batch(List.of(SinkFixtures.weight())));

        var sent = sentBundles().get(0);
        assertEquals(3, sent.getEntry().size(), "the weight, the Patient to ensure, the scale it names");
        var patient = sent.getEntry().get(1);
        assertEquals(HTTPVerb.POST, patient.getRequest().getMethod());
        assertEquals(
                "identifier=urn:ohe:ehr-user-id|ehr-42", patient.getRequest().getIfNoneExist());
        var weight = (org.hl7.fhir.r4.model.Observation) sent.getEntry().get(0).getResource();
        assertEquals(patient.getFullUrl(), weight.getSubject().getReference());
        var device = sent.getEntry().get(2);
        assertEquals(
                "identifier=urn:ohe:withings:device|wu-7:dev-1",
                device.getRequest().getIfNoneExist());
        assertEquals(device.getFullUrl(), weight.getDevice().getReference());
        assertEquals(
                patient.getFullUrl(),
                ((org.hl7.fhir.r4.model.Device) device.getResource())
                        .getPatient()
                        .getReference());
        assertEquals(Status.CREATED, result.entries().get(0).status());
    }

    @Test
    void afterTheFirstChunkCreatedThePatientLaterChunksAreCheckedAgainstItsId() {
        java.util.function.Supplier<MappingBuilder> patientSearch =
                () -> com.github.tomakehurst.wiremock.client.WireMock.get(urlPathEqualTo("/fhir/Patient"))
                        .withHeader("Cache-Control", equalTo("no-cache"));
        ehr.stubFor(patientSearch
                .get()
                .inScenario("patient")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(fhir(200, EMPTY_SEARCHSET))
                .willSetStateTo("created"));
        ehr.stubFor(patientSearch
                .get()
                .inScenario("patient")
                .whenScenarioStateIs("created")
                .willReturn(fhir(200, PATIENT_P1.replace("\"p1\"", "\"p9\""))));
        // The scale the first chunk's weight created (as a stub) is found when the second chunk writes it in full.
        ehr.stubFor(
                post(urlPathEqualTo("/fhir/Device/_search"))
                        .willReturn(
                                fhir(
                                        200,
                                        """
                {"resourceType":"Bundle","type":"searchset","entry":[{"resource":{"resourceType":"Device","id":"7",
                 "identifier":[{"system":"urn:ohe:withings:device","value":"wu-7:dev-1"}],
                 "patient":{"reference":"Patient/p9"}}}]}""")));
        ehr.stubFor(transaction()
                .inScenario("tx")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(fhir(
                        200,
                        response(
                                BundleType.TRANSACTIONRESPONSE,
                                "201 Created Observation/11/_history/1",
                                "201 Created Patient/p9/_history/1",
                                "201 Created Device/7/_history/1")))
                .willSetStateTo("second"));
        ehr.stubFor(transaction()
                .inScenario("tx")
                .whenScenarioStateIs("second")
                .willReturn(fhir(
                        200,
                        response(
                                BundleType.TRANSACTIONRESPONSE,
                                "200 OK Device/7/_history/2",
                                "200 OK Patient/p9/_history/1"))));
        var scale = SinkFixtures.records().get(3);

        var result = publisher(settings().withBatchSize(1))
                .publish(SinkFixtures.batch(List.of(SinkFixtures.weight(), scale)));

        assertEquals(Status.CREATED, result.entries().get(0).status());
        assertTrue(
                result.entries().get(1).status() != Status.FAILED,
                () -> result.entries().get(1).error());
        assertEquals(2, sentBundles().size());
    }

    @Test
    void existingModeWithoutThePatientFailsEveryRecordWithAnActionableErrorAndSendsNothing() {
        ehr.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(urlPathEqualTo("/fhir/Patient"))
                .willReturn(fhir(200, EMPTY_SEARCHSET)));

        var result = publisher(settings().withPatientMode(FhirSinkConfig.PatientMode.EXISTING))
                .publish(SinkFixtures.batch());

        assertEquals(4, result.count(Status.FAILED));
        String error = result.entries().get(0).error();
        assertTrue(
                error.contains("no Patient with identifier urn:ohe:ehr-user-id|ehr-42")
                        && error.contains("patient-mode=ensure"),
                error);
        ehr.verify(0, postRequestedFor(urlPathEqualTo("/fhir")));
    }

    @Test
    void literalModeReferencesThePatientIdWithoutLookingItUp() {
        ehr.stubFor(transaction()
                .willReturn(fhir(
                        200,
                        response(
                                BundleType.TRANSACTIONRESPONSE,
                                "201 Created Observation/11/_history/1",
                                "201 Created Device/8/_history/1"))));

        publisher(settings().withPatientMode(FhirSinkConfig.PatientMode.LITERAL))
                .publish(SinkFixtures.batch(List.of(SinkFixtures.weight())));

        var weight = (org.hl7.fhir.r4.model.Observation)
                sentBundles().get(0).getEntry().get(0).getResource();
        assertEquals("Patient/ehr-42", weight.getSubject().getReference());
        ehr.verify(0, com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(urlPathEqualTo("/fhir/Patient")));
    }

    @Test
    void withUpdateExistingOffEveryResourceIsAConditionalCreate() {
        ehr.stubFor(transaction()
                .willReturn(fhir(
                        200,
                        response(
                                BundleType.TRANSACTIONRESPONSE,
                                "200 OK Observation/11/_history/3",
                                "201 Created Observation/12/_history/1",
                                "200 OK Device/7/_history/2"))));

        var result = publisher(settings().withUpdateExisting(false)).publish(SinkFixtures.batch());

        for (var entry : sentBundles().get(0).getEntry()) {
            assertEquals(HTTPVerb.POST, entry.getRequest().getMethod());
            assertEquals(entry.getResource().fhirType(), entry.getRequest().getUrl());
            assertTrue(entry.getRequest().getIfNoneExist().startsWith("identifier=urn:ohe:withings:"));
        }
        assertEquals(
                List.of(Status.UNCHANGED, Status.CREATED, Status.CREATED, Status.UNCHANGED),
                result.entries().stream().map(EntryOutcome::status).toList(),
                "a 200 to a conditional create is never an update, whatever the version");
    }

    @Test
    void conditionalUpdateOutcomesAreReadFromTheVersionOrHapisStorageResponseCode() {
        var response = new Bundle().setType(BundleType.TRANSACTIONRESPONSE);
        response.addEntry().getResponse().setStatus("200 OK").setLocation("Observation/11/_history/2");
        response.addEntry().getResponse().setStatus("200 OK").setEtag("W/\"1\"");
        var noChange = new OperationOutcome();
        noChange.addIssue()
                .setSeverity(OperationOutcome.IssueSeverity.INFORMATION)
                .setCode(OperationOutcome.IssueType.INFORMATIONAL)
                .getDetails()
                .addCoding()
                .setSystem(StorageResponseCodeEnum.SYSTEM)
                .setCode(StorageResponseCodeEnum.SUCCESSFUL_UPDATE_WITH_CONDITIONAL_MATCH_NO_CHANGE.getCode());
        response.addEntry()
                .getResponse()
                .setStatus("200 OK")
                .setLocation("Device/7/_history/4")
                .setOutcome(noChange);
        ehr.stubFor(transaction()
                .willReturn(fhir(200, FhirContexts.r4().newJsonParser().encodeResourceToString(response))));

        var result = publisher(settings()).publish(SinkFixtures.batch());

        assertEquals(
                List.of(Status.UPDATED, Status.UNCHANGED, Status.UNCHANGED, Status.UNCHANGED),
                result.entries().stream().map(EntryOutcome::status).toList(),
                "version 2 → updated; version 1 (etag) → unchanged; HAPI's no-change code beats version 4");
        assertEquals("Observation/11/_history/2", result.entries().get(0).targetId());
    }

    @Test
    void theConditionalUrlCarriesAnyVendorIdToHapisParserIntact() {
        String nasty = "a|b&c=d %e+f,g\\h#ü";
        var weight = new org.openhealthexchange.core.record.Measurement(
                "withings",
                nasty,
                org.openhealthexchange.core.record.DataType.WEIGHT,
                "weight",
                new java.math.BigDecimal("70"),
                "kg",
                SinkFixtures.MORNING,
                null,
                null);
        ehr.stubFor(transaction()
                .willReturn(
                        fhir(200, response(BundleType.TRANSACTIONRESPONSE, "201 Created Observation/11/_history/1"))));

        publisher(settings()).publish(SinkFixtures.batch(List.of(weight)));

        String url = sentBundles().get(0).getEntry().get(0).getRequest().getUrl();
        var parts = UrlUtil.parseUrl(url);
        assertEquals("Observation", parts.getResourceType());
        var params = UrlUtil.parseQueryString(parts.getParams());
        assertEquals(List.of("identifier"), List.copyOf(params.keySet()));
        var token = new TokenParam();
        token.setValueAsQueryToken(FhirContexts.r4(), "identifier", null, params.get("identifier")[0]);
        assertEquals("urn:ohe:withings:weight", token.getSystem());
        assertEquals(SinkFixtures.ACCOUNT + ":" + nasty, token.getValue());
    }

    private static List<Bundle> sentBundles() {
        var parser = FhirContexts.r4().newJsonParser();
        var events = new java.util.ArrayList<>(ehr.getAllServeEvents());
        java.util.Collections.reverse(events); // WireMock lists the newest first
        return events.stream()
                .filter(e -> e.getRequest().getUrl().split("\\?")[0].equals("/fhir")
                        && e.getRequest().getMethod().getName().equals("POST"))
                .map(e -> parser.parseResource(Bundle.class, e.getRequest().getBodyAsString()))
                .toList();
    }

    static String expected(String file) throws IOException {
        try (InputStream in = FhirPublisherTest.class.getResourceAsStream("/fhir-sink/" + file)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
