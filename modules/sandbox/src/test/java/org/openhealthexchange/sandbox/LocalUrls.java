package org.openhealthexchange.sandbox;

import io.restassured.RestAssured;

/**
 * URLs of the running test application at the HTTP root. Quarkus's {@code @TestHTTPResource} prefixes
 * {@code quarkus.servlet.context-path}, which this module sets to the FHIR simulator's {@code /sandbox/fhir}, so the
 * tests that hand a URL to a simulator build it here from the port RestAssured was given.
 */
public final class LocalUrls {

    private LocalUrls() {}

    public static String of(String path) {
        return "http://localhost:" + RestAssured.port + path;
    }
}
