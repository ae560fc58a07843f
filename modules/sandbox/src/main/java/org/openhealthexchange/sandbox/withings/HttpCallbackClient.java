package org.openhealthexchange.sandbox.withings;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** {@link CallbackClient} over the JDK HTTP client; no redirects are followed, as a webhook sender would not. */
final class HttpCallbackClient implements CallbackClient {

    private final Duration timeout;
    private volatile HttpClient client;

    HttpCallbackClient(Duration timeout) {
        this.timeout = timeout;
    }

    /** Built on first use: a JDK client starts a selector thread, which a disabled sandbox must not pay for. */
    private HttpClient client() {
        HttpClient c = client;
        if (c == null) {
            synchronized (this) {
                if (client == null) {
                    client = HttpClient.newBuilder()
                            .connectTimeout(timeout)
                            .followRedirects(HttpClient.Redirect.NEVER)
                            .build();
                }
                c = client;
            }
        }
        return c;
    }

    @Override
    public int head(URI callback) throws IOException {
        return send(HttpRequest.newBuilder(callback)
                .timeout(timeout)
                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                .build());
    }

    @Override
    public int postForm(URI callback, String formBody) throws IOException {
        return send(HttpRequest.newBuilder(callback)
                .timeout(timeout)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(formBody))
                .build());
    }

    private int send(HttpRequest request) throws IOException {
        try {
            return client().send(request, HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while calling " + request.uri(), e);
        }
    }
}
