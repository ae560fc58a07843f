package org.openhealthexchange.sink.fhir;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Bundle.BundleType;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openhealthexchange.core.spi.PublishResult.Status;
import org.openhealthexchange.testkit.MutableClock;

class SmartBackendAuthTest {

    private static final String CLIENT_ID = "ohe-backend";
    private static final String KID = "ohe-key-2024";
    private static WireMockServer ehr;
    private static KeyPair keys;

    private final MutableClock clock = new MutableClock(SinkFixtures.MORNING);
    private final SinkFixtures.RecordingSleeper sleeper = new SinkFixtures.RecordingSleeper();

    @BeforeAll
    static void start() throws Exception {
        ehr = new WireMockServer(wireMockConfig().dynamicPort());
        ehr.start();
        var generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        keys = generator.generateKeyPair();
    }

    @AfterAll
    static void stop() {
        ehr.stop();
    }

    @BeforeEach
    void reset() {
        ehr.resetAll();
        ehr.stubFor(post(com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching("/fhir/[A-Za-z]+/_search"))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/fhir+json")
                        .withBody(FhirPublisherTest.EMPTY_SEARCHSET)));
    }

    private String tokenUrl() {
        return ehr.baseUrl() + "/auth/token";
    }

    private FhirPublisher publisher() {
        var pem = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(keys.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        var settings = SinkFixtures.settings(ehr.baseUrl() + "/fhir")
                .withAuth(FhirSinkSettings.AuthSettings.smart(
                        tokenUrl(), CLIENT_ID, pem, KID, "system/Observation.write system/Device.write"))
                .withPatientMode(FhirSinkConfig.PatientMode.LITERAL); // the patient look-up is not what is tested
        return FhirPublisherFactory.create(settings, clock, sleeper);
    }

    private static void tokenEndpointIssues(String scenarioState, String nextState, String token) {
        var stub = post(urlPathEqualTo("/auth/token"))
                .inScenario("tokens")
                .whenScenarioStateIs(scenarioState)
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"access_token\":\"" + token + "\",\"token_type\":\"bearer\",\"expires_in\":300,"
                                + "\"scope\":\"system/Observation.write\"}"));
        ehr.stubFor(nextState == null ? stub : stub.willSetStateTo(nextState));
    }

    private static void ehrAccepts(String token) {
        ehr.stubFor(post(urlPathEqualTo("/fhir"))
                .withHeader("Authorization", equalTo("Bearer " + token))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/fhir+json")
                        .withBody(SinkFixtures.response(
                                BundleType.TRANSACTIONRESPONSE, "201 Created Observation/11/_history/1"))));
    }

    private static void ehrRefuses(String token) {
        ehr.stubFor(post(urlPathEqualTo("/fhir"))
                .withHeader("Authorization", equalTo("Bearer " + token))
                .willReturn(aResponse()
                        .withStatus(401)
                        .withHeader("Content-Type", "application/fhir+json")
                        .withBody(SinkFixtures.operationOutcome("token expired"))));
    }

    private static org.openhealthexchange.core.spi.PublishBatch oneWeight() {
        var weight = SinkFixtures.weight();
        return SinkFixtures.batch(List.of(new org.openhealthexchange.core.record.Measurement(
                weight.provider(),
                weight.sourceId(),
                weight.type(),
                weight.metric(),
                weight.value(),
                weight.ucumUnit(),
                weight.effective(),
                null,
                null)));
    }

    @Test
    void theTokenRequestCarriesAClientAssertionSignedWithTheConfiguredKey() throws Exception {
        tokenEndpointIssues(Scenario.STARTED, null, "tok-1");
        ehrAccepts("tok-1");

        var result = publisher().publish(oneWeight());

        assertEquals(Status.CREATED, result.entries().get(0).status());
        var requests = ehr.findAll(postRequestedFor(urlPathEqualTo("/auth/token")));
        assertEquals(1, requests.size());
        assertTrue(requests.get(0).getHeader("Content-Type").startsWith("application/x-www-form-urlencoded"));
        var form = form(requests.get(0).getBodyAsString());
        assertEquals("client_credentials", form.get("grant_type"));
        assertEquals("system/Observation.write system/Device.write", form.get("scope"));
        assertEquals("urn:ietf:params:oauth:client-assertion-type:jwt-bearer", form.get("client_assertion_type"));

        var assertion = form.get("client_assertion");
        var jws = new JsonWebSignature();
        jws.setCompactSerialization(assertion);
        assertEquals(AlgorithmIdentifiers.RSA_USING_SHA384, jws.getAlgorithmHeaderValue());
        assertEquals(KID, jws.getKeyIdHeaderValue());
        var claims = new JwtConsumerBuilder()
                .setVerificationKey(keys.getPublic())
                .setJwsAlgorithmConstraints(
                        AlgorithmConstraints.ConstraintType.PERMIT, AlgorithmIdentifiers.RSA_USING_SHA384)
                .setExpectedIssuer(CLIENT_ID)
                .setExpectedSubject(CLIENT_ID)
                .setExpectedAudience(tokenUrl())
                .setRequireJwtId()
                .setRequireExpirationTime()
                .setMaxFutureValidityInMinutes(5)
                .setEvaluationTime(NumericDate.fromSeconds(clock.instant().getEpochSecond()))
                .build()
                .processToClaims(assertion);
        assertNotNull(claims.getJwtId());
        var lifetime = claims.getExpirationTime().getValue() - clock.instant().getEpochSecond();
        assertTrue(lifetime > 0 && lifetime <= 300, "exp at most five minutes ahead, was " + lifetime + " s");
    }

    @Test
    void theAccessTokenIsReusedUntilShortlyBeforeItExpires() {
        tokenEndpointIssues(Scenario.STARTED, "second", "tok-1");
        tokenEndpointIssues("second", null, "tok-2");
        ehrAccepts("tok-1");
        ehrAccepts("tok-2");
        var publisher = publisher();

        publisher.publish(oneWeight());
        clock.advance(Duration.ofSeconds(200));
        publisher.publish(oneWeight());
        assertEquals(
                1, ehr.findAll(postRequestedFor(urlPathEqualTo("/auth/token"))).size(), "cached for 200 s");

        clock.advance(Duration.ofSeconds(50)); // 250 s of 300: inside the renewal margin
        var result = publisher.publish(oneWeight());

        assertEquals(
                2, ehr.findAll(postRequestedFor(urlPathEqualTo("/auth/token"))).size());
        ehr.verify(1, postRequestedFor(urlPathEqualTo("/fhir")).withHeader("Authorization", equalTo("Bearer tok-2")));
        assertTrue(result.allSucceeded());
    }

    @Test
    void aRefusedTokenIsReplacedOnceAndTheRequestRepeated() {
        tokenEndpointIssues(Scenario.STARTED, "second", "tok-1");
        tokenEndpointIssues("second", null, "tok-2");
        ehrRefuses("tok-1");
        ehrAccepts("tok-2");

        var result = publisher().publish(oneWeight());

        assertEquals(Status.CREATED, result.entries().get(0).status());
        assertEquals(
                2, ehr.findAll(postRequestedFor(urlPathEqualTo("/auth/token"))).size());
        assertEquals(List.of(), sleeper.waits, "a refused token is not a reason to back off");
    }

    @Test
    void aTokenRefusedTwiceFailsTheEntriesInsteadOfLooping() {
        tokenEndpointIssues(Scenario.STARTED, null, "tok-1");
        ehrRefuses("tok-1");

        var result = publisher().publish(oneWeight());

        assertEquals(Status.FAILED, result.entries().get(0).status());
        assertTrue(
                result.entries().get(0).error().startsWith("HTTP 401"),
                result.entries().get(0).error());
        assertEquals(2, ehr.findAll(postRequestedFor(urlPathEqualTo("/fhir"))).size());
    }

    @Test
    void aTokenEndpointRefusalFailsTheEntriesWithoutLeakingTheAssertion() {
        ehr.stubFor(post(urlPathEqualTo("/auth/token"))
                .willReturn(aResponse()
                        .withStatus(400)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":\"invalid_client\",\"error_description\":\"unknown kid\"}")));

        var result = publisher().publish(oneWeight());

        var error = result.entries().get(0).error();
        assertTrue(error.endsWith("SMART token endpoint answered HTTP 400 (invalid_client)"), error);
        assertEquals(0, ehr.findAll(postRequestedFor(urlPathEqualTo("/fhir"))).size());
        assertFalse(error.contains("eyJ"));
    }

    private static Map<String, String> form(String body) {
        Map<String, String> form = new LinkedHashMap<>();
        for (var pair : body.split("&")) {
            var kv = pair.split("=", 2);
            form.put(
                    URLDecoder.decode(kv[0], StandardCharsets.UTF_8), URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
        }
        return form;
    }
}
