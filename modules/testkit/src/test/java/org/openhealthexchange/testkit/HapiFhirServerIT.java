package org.openhealthexchange.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The stock HAPI JPA server behaves as HAPI does out of the box, which is what the EHR sink's tests rely on:
 * conditional references must match, nothing is created as a placeholder, conditional updates upsert. Plain HTTP,
 * each test with identifiers of its own (the server is shared by the whole JVM).
 */
class HapiFhirServerIT {

    private static final String USER_SYSTEM = "urn:ohe:ehr-user-id";
    private static final FhirContext FHIR = FhirContext.forR4Cached();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static String base;

    @BeforeAll
    static void start() {
        base = HapiFhirServer.shared().baseUrl();
    }

    @Test
    void aConditionalReferenceToAMissingPatientIsRefusedAndCreatesNoPlaceholder() throws Exception {
        String user = "nobody-" + UUID.randomUUID();
        Bundle tx = transaction();
        tx.addEntry()
                .setResource(observation(new Reference("Patient?identifier=" + USER_SYSTEM + "|" + user)))
                .getRequest()
                .setMethod(Bundle.HTTPVerb.POST)
                .setUrl("Observation");

        HttpResponse<String> response = send("POST", base, tx);

        assertTrue(response.statusCode() >= 400 && response.statusCode() < 500, () -> "4xx: " + response.body());
        var outcome = parse(response, OperationOutcome.class);
        assertTrue(outcome.getIssueFirstRep().getDiagnostics().contains("HAPI-1091"), response.body());
        assertEquals(0, searchPatients(user).getTotal(), "no placeholder Patient");
    }

    @Test
    void aConditionalCreateOfThePatientInTheSameTransactionResolvesTheReference() throws Exception {
        String user = "someone-" + UUID.randomUUID();
        String patientUuid = "urn:uuid:" + UUID.randomUUID();
        Bundle tx = transaction();
        tx.addEntry()
                .setFullUrl(patientUuid)
                .setResource(new Patient()
                        .addIdentifier(new Identifier().setSystem(USER_SYSTEM).setValue(user)))
                .getRequest()
                .setMethod(Bundle.HTTPVerb.POST)
                .setUrl("Patient")
                .setIfNoneExist("identifier=" + USER_SYSTEM + "|" + user);
        tx.addEntry()
                .setResource(observation(new Reference(patientUuid)))
                .getRequest()
                .setMethod(Bundle.HTTPVerb.POST)
                .setUrl("Observation");

        HttpResponse<String> response = send("POST", base, tx);

        assertEquals(200, response.statusCode(), response.body());
        Bundle result = parse(response, Bundle.class);
        assertEquals("201 Created", result.getEntry().get(0).getResponse().getStatus());
        assertEquals("201 Created", result.getEntry().get(1).getResponse().getStatus());
        String patientId = new IdType(result.getEntry().get(0).getResponse().getLocation())
                .toUnqualifiedVersionless()
                .getValue();
        Observation stored =
                parse(get(base + "/" + result.getEntry().get(1).getResponse().getLocation()), Observation.class);
        assertEquals(patientId, stored.getSubject().getReference());
        assertEquals(1, searchPatients(user).getTotal());
    }

    @Test
    void aConditionalUpdateCreatesAndThenUpdatesTheSameResource() throws Exception {
        String value = UUID.randomUUID().toString();
        String url = base + "/Observation?identifier=" + encode("sys|" + value);
        Observation observation = observation(null);
        observation.addIdentifier().setSystem("sys").setValue(value);

        HttpResponse<String> created =
                send("PUT", url, observation.setStatus(Observation.ObservationStatus.PRELIMINARY));
        HttpResponse<String> updated = send("PUT", url, observation.setStatus(Observation.ObservationStatus.FINAL));

        assertEquals(201, created.statusCode(), created.body());
        assertEquals(200, updated.statusCode(), updated.body());
        Observation first = parse(created, Observation.class);
        Observation second = parse(updated, Observation.class);
        assertEquals(first.getIdElement().getIdPart(), second.getIdElement().getIdPart());
        assertEquals("2", second.getMeta().getVersionId());
        assertEquals(Observation.ObservationStatus.FINAL, second.getStatus());
    }

    private static Bundle transaction() {
        return new Bundle().setType(Bundle.BundleType.TRANSACTION);
    }

    private static Observation observation(Reference subject) {
        var observation = new Observation().setStatus(Observation.ObservationStatus.FINAL);
        observation.getCode().setText("body weight");
        return subject == null ? observation : observation.setSubject(subject);
    }

    private static Bundle searchPatients(String user) throws Exception {
        return parse(
                get(base + "/Patient?_summary=count&identifier=" + encode(USER_SYSTEM + "|" + user)), Bundle.class);
    }

    private static HttpResponse<String> send(String method, String url, Resource body)
            throws IOException, InterruptedException {
        IParser json = FHIR.newJsonParser();
        return HTTP.send(
                request(url)
                        .header("Content-Type", "application/fhir+json")
                        .method(method, HttpRequest.BodyPublishers.ofString(json.encodeResourceToString(body)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(request(url).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), () -> url + ": " + response.body());
        return response;
    }

    private static HttpRequest.Builder request(String url) {
        return HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofMinutes(1))
                .header("Accept", "application/fhir+json");
    }

    private static <T extends Resource> T parse(HttpResponse<String> response, Class<T> type) {
        return FHIR.newJsonParser().parseResource(type, response.body());
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
