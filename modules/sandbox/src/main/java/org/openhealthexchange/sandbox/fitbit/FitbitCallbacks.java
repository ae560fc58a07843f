package org.openhealthexchange.sandbox.fitbit;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/** The calls the simulator makes to a subscriber endpoint, as Fitbit's servers do. */
interface FitbitCallbacks {

    /** {@code GET uri} (the verification); returns the status. */
    int get(URI uri) throws IOException;

    /** {@code POST uri} with a JSON body and headers; returns the status. */
    int postJson(URI uri, byte[] body, Map<String, String> headers) throws IOException;

    /** Over the JDK client, built on first use; redirects are not followed. */
    static FitbitCallbacks http(Duration timeout) {
        return new FitbitCallbacks() {
            private HttpClient client;

            private synchronized HttpClient client() {
                if (client == null) {
                    client = HttpClient.newBuilder()
                            .connectTimeout(timeout)
                            .followRedirects(HttpClient.Redirect.NEVER)
                            .build();
                }
                return client;
            }

            @Override
            public int get(URI uri) throws IOException {
                return send(HttpRequest.newBuilder(uri).timeout(timeout).GET().build());
            }

            @Override
            public int postJson(URI uri, byte[] body, Map<String, String> headers) throws IOException {
                HttpRequest.Builder b = HttpRequest.newBuilder(uri)
                        .timeout(timeout)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
                headers.forEach(b::header);
                return send(b.build());
            }

            private int send(HttpRequest request) throws IOException {
                try {
                    return client().send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
                            .statusCode();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while calling " + request.uri(), e);
                }
            }
        };
    }
}
