package org.openhealthexchange.core.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.openhealthexchange.core.spi.ProviderException;
import org.openhealthexchange.core.spi.ProviderException.Kind;

class VendorHttpTest {

    @Test
    void sendsWithTheTimeoutsAndNeverFollowsRedirects() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/moved", x -> {
            x.getResponseHeaders().add("Location", "/elsewhere");
            x.sendResponseHeaders(302, -1);
            x.close();
        });
        server.createContext("/ok", x -> {
            byte[] b = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
            x.sendResponseHeaders(200, b.length);
            x.getResponseBody().write(b);
            x.close();
        });
        server.start();
        try {
            HttpTimeouts t = new HttpTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(3));
            VendorHttp http = new VendorHttp("Vendor", t);
            String base = "http://127.0.0.1:" + server.getAddress().getPort();

            HttpResponse<String> ok = http.send(HttpRequest.newBuilder(URI.create(base + "/ok")), "GET /ok");
            assertEquals(200, ok.statusCode());
            assertEquals("{\"a\":1}", ok.body());
            assertEquals(Duration.ofSeconds(3), ok.request().timeout().orElseThrow(), "the request timeout");
            assertTrue(VendorHttp.ok(ok));

            HttpResponse<String> moved = http.send(HttpRequest.newBuilder(URI.create(base + "/moved")), "GET");
            assertEquals(302, moved.statusCode(), "a redirect is the vendor's answer, not followed");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void noConnectionIsTransientWithTheIoCause() throws IOException {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        VendorHttp http = new VendorHttp("Vendor", HttpTimeouts.of(Duration.ofSeconds(2)));
        ProviderException e = assertThrows(
                ProviderException.class,
                () -> http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + closed + "/")), "GET /"));
        assertEquals(Kind.UNAVAILABLE, e.kind());
        assertEquals("Vendor GET / unreachable: ConnectException", e.getMessage());
        assertInstanceOf(ConnectException.class, e.getCause());
        assertTrue(RetryPolicy.certainlyNotActedOn(e), "no connection: even an unsafe call may be repeated");
    }

    @Test
    void timeoutsMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> HttpTimeouts.of(Duration.ZERO));
        assertThrows(
                IllegalArgumentException.class, () -> new HttpTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(-1)));
    }
}
