package org.openhealthexchange.core.http;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.function.Supplier;
import org.openhealthexchange.core.spi.ProviderException;
import org.openhealthexchange.core.spi.ProviderException.Kind;

/**
 * One vendor's HTTP transport: a {@code java.net.http} client with the connect timeout, no redirects followed, the
 * request timeout on every request, and the failures of sending classified once: no answer (refused, reset, timed
 * out) is {@link FailureClass#TRANSIENT} with the I/O exception as cause (so the retry loop can tell "no
 * connection" from "sent"), an interrupt keeps the thread's flag and is never retried. The client is built on first
 * use, so a vendor that is never called starts no HTTP threads.
 */
public final class VendorHttp {

    private final String vendor;
    private final HttpTimeouts timeouts;
    private final Supplier<HttpClient> factory;
    private volatile HttpClient client;

    public VendorHttp(String vendor, HttpTimeouts timeouts) {
        this(vendor, timeouts, () -> newClient(timeouts));
    }

    /** With a client of the caller's (tests; a shared client). */
    public VendorHttp(String vendor, HttpTimeouts timeouts, HttpClient client) {
        this(vendor, timeouts, () -> client);
        Objects.requireNonNull(client, "client");
    }

    private VendorHttp(String vendor, HttpTimeouts timeouts, Supplier<HttpClient> factory) {
        this.vendor = Objects.requireNonNull(vendor, "vendor");
        this.timeouts = Objects.requireNonNull(timeouts, "timeouts");
        this.factory = factory;
    }

    /** A client as every vendor call uses one: the connect timeout, redirects never followed. */
    public static HttpClient newClient(HttpTimeouts timeouts) {
        return HttpClient.newBuilder()
                .connectTimeout(timeouts.connect())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    public String vendor() {
        return vendor;
    }

    public HttpTimeouts timeouts() {
        return timeouts;
    }

    private HttpClient client() {
        HttpClient c = client;
        if (c == null) {
            synchronized (this) {
                if (client == null) {
                    client = factory.get();
                }
                c = client;
            }
        }
        return c;
    }

    /**
     * Sends once with the request timeout and returns whatever status came back, the body as UTF-8 text.
     *
     * @param call names the call in the failure's message (no tokens, no personal data)
     */
    public HttpResponse<String> send(HttpRequest.Builder request, String call) throws ProviderException {
        HttpRequest r = request.timeout(timeouts.request()).build();
        try {
            return client().send(r, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ProviderException(
                    Kind.UNAVAILABLE,
                    null,
                    vendor + " " + call + " unreachable: " + e.getClass().getSimpleName(),
                    null,
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderException(Kind.UNAVAILABLE, null, "interrupted while calling " + vendor, null, e);
        }
    }

    /** Whether the status is a success (2xx). */
    public static boolean ok(HttpResponse<?> response) {
        return response.statusCode() / 100 == 2;
    }
}
