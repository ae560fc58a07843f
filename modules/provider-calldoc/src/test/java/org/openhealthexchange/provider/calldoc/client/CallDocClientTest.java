package org.openhealthexchange.provider.calldoc.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openhealthexchange.core.http.Retrier;
import org.openhealthexchange.core.http.RetryPolicy;
import org.openhealthexchange.core.spi.ProviderException;

class CallDocClientTest {

    private HttpServer server;
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private final AtomicInteger failStatus = new AtomicInteger(503);
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private CallDocClient client;
    private volatile String retryAfter = "1";
    private final List<Duration> slept = new CopyOnWriteArrayList<>();

    private CallDocClient recording() {
        return new CallDocClient(
                HttpClient.newHttpClient(),
                "http://127.0.0.1:" + server.getAddress().getPort(),
                Duration.ofSeconds(5),
                new Retrier(
                        new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(10), Duration.ofSeconds(30)),
                        slept::add,
                        () -> 1.0));
    }

    @Test
    void aTooManyRequestsIsRetriedAfterItsRetryAfter() throws Exception {
        failStatus.set(429);
        failuresLeft.set(1);
        assertEquals(0, recording().patientSearch("1").path("count").asInt(-1));
        assertEquals(2, requests.size());
        assertEquals(List.of(Duration.ofSeconds(1)), slept);
    }

    @Test
    void aRetryAfterBeyondTheBudgetFailsRateLimitedAtOnce() {
        failStatus.set(429);
        failuresLeft.set(5);
        retryAfter = "120";
        var e = assertThrows(ProviderException.class, () -> recording().patientSearch("1"));
        assertEquals(ProviderException.Kind.RATE_LIMITED, e.kind());
        assertEquals(Duration.ofSeconds(120), e.retryAfter().orElseThrow());
        assertEquals(1, requests.size());
        assertEquals(List.of(), slept);
    }

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            requests.add(exchange.getRequestURI().toString());
            boolean fail = failuresLeft.getAndDecrement() > 0;
            byte[] body = (fail ? "oops" : "{\"count\":0,\"data\":[]}").getBytes(StandardCharsets.UTF_8);
            if (fail && failStatus.get() == 429) {
                exchange.getResponseHeaders().add("Retry-After", retryAfter);
            }
            exchange.sendResponseHeaders(fail ? failStatus.get() : 200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        client = new CallDocClient(
                HttpClient.newHttpClient(),
                "http://127.0.0.1:" + server.getAddress().getPort() + "/",
                Duration.ofSeconds(5),
                3,
                Duration.ofMillis(1));
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void callsCallDocsSearchPathWithItsQueryParameters() throws Exception {
        client.appointmentSearch(LocalDate.of(2025, 10, 6), LocalDate.of(2025, 10, 6), 24, null);
        assertEquals(
                List.of("/api/v1/frontend/appointment_search/?from_date=2025-10-06&to_date=2025-10-06"
                        + "&appointment_type_id=24"),
                requests);
    }

    @Test
    void retriesServerErrorsUntilAnAnswerComes() throws Exception {
        failuresLeft.set(2);
        assertEquals(0, client.patientSearch("1698369").path("count").asInt(-1));
        assertEquals(3, requests.size());
    }

    @Test
    void givesUpAfterTheLastAttemptAsUnavailable() {
        failuresLeft.set(5);
        var e = assertThrows(ProviderException.class, () -> client.patientSearch("1"));
        assertEquals(ProviderException.Kind.UNAVAILABLE, e.kind());
        assertEquals(3, requests.size());
    }

    @Test
    void doesNotRetryAClientError() {
        failuresLeft.set(5);
        failStatus.set(404);
        var e = assertThrows(ProviderException.class, () -> client.patientSearch("1"));
        assertEquals(ProviderException.Kind.REJECTED, e.kind());
        assertEquals(1, requests.size());
    }
}
