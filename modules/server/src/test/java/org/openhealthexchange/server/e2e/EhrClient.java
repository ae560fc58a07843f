package org.openhealthexchange.server.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Resource;
import org.openhealthexchange.core.fhir.FhirContexts;
import org.openhealthexchange.core.fhir.mapping.MappingContext;
import org.openhealthexchange.testkit.HapiFhirServer;

/** Reads the stock HAPI server the way an EHR user would: plain FHIR REST, no OHE code in between. */
final class EhrClient {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private EhrClient() {}

    static String base() {
        return HapiFhirServer.shared().baseUrl();
    }

    /** Every match of {@code search} ({@code Type?params}), following the server's next links. */
    static List<Resource> search(String search) {
        List<Resource> out = new ArrayList<>();
        String url = base() + "/" + search + (search.contains("?") ? "&" : "?") + "_count=500";
        while (url != null) {
            Bundle page = FhirContexts.r4().newJsonParser().parseResource(Bundle.class, get(url));
            page.getEntry().forEach(e -> out.add(e.getResource()));
            url = page.getLink(Bundle.LINK_NEXT) == null
                    ? null
                    : page.getLink(Bundle.LINK_NEXT).getUrl();
        }
        return out;
    }

    /** The EHR's Patient id of an OHE EHR user, if the EHR has one. */
    static Optional<String> patientId(String ehrUserId) {
        List<Resource> found = search(
                "Patient?identifier=" + encode(MappingContext.DEFAULT_PATIENT_IDENTIFIER_SYSTEM + "|" + ehrUserId));
        assertEquals(true, found.size() <= 1, () -> "one Patient per EHR user, found " + found.size());
        return found.stream().findFirst().map(r -> r.getIdElement().getIdPart());
    }

    /** The Observations and Devices of one EHR user's Patient, by identifier {@code system|value}. */
    static Map<String, Resource> resourcesOf(String ehrUserId) {
        Map<String, Resource> found = new TreeMap<>();
        String patient = patientId(ehrUserId).orElseThrow(() -> new AssertionError("no Patient for " + ehrUserId));
        for (String search : List.of("Observation?subject=Patient/" + patient, "Device?patient=Patient/" + patient)) {
            for (Resource r : search(search)) {
                var ids = r instanceof Observation o ? o.getIdentifier() : ((Device) r).getIdentifier();
                ids.forEach(id -> {
                    Resource previous = found.put(id.getSystem() + "|" + id.getValue(), r);
                    if (previous != null) {
                        throw new AssertionError("two resources carry " + id.getSystem() + "|" + id.getValue());
                    }
                });
            }
        }
        return found;
    }

    /** Every version of every resource of {@code type} the server ever stored. */
    static List<Resource> history(String type) {
        return search(type + "/_history");
    }

    /** Creates a resource as another client of the EHR would (tests seed data OHE must or must not touch). */
    static String create(Resource resource) {
        String json = FhirContexts.r4().newJsonParser().encodeResourceToString(resource);
        var request = HttpRequest.newBuilder(URI.create(base() + "/" + resource.fhirType()))
                .header("Content-Type", "application/fhir+json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .timeout(Duration.ofSeconds(60))
                .build();
        var response = send(request);
        assertEquals(201, response.statusCode(), response::body);
        var location = response.headers().firstValue("Location").orElseThrow();
        return new org.hl7.fhir.r4.model.IdType(location)
                .toUnqualifiedVersionless()
                .getValue();
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String get(String url) {
        // no-cache: HAPI reuses a search's results for a minute unless told not to
        var response = send(HttpRequest.newBuilder(URI.create(url))
                .header("Accept", "application/fhir+json")
                .header("Cache-Control", "no-cache")
                .timeout(Duration.ofSeconds(120))
                .GET()
                .build());
        assertEquals(200, response.statusCode(), () -> url + ": " + response.body());
        return response.body();
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("the EHR did not answer " + request.uri(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
