package org.openhealthexchange.provider.archfixture;

import java.net.http.HttpClient;

/** A deliberate violation for ArchitectureTest: a "provider" class using java.net.http outside a client package. */
public class HttpOutsideAClientPackage {

    public HttpClient client() {
        return HttpClient.newHttpClient();
    }
}
