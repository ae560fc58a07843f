package org.openhealthexchange.provider.calldoc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openhealthexchange.core.record.Appointment;
import org.openhealthexchange.core.record.HealthRecord;
import org.openhealthexchange.core.spi.FetchRequest;
import org.openhealthexchange.provider.calldoc.client.CallDocClient;

class CallDocAdapterTest {

    private HttpServer server;
    private final List<String> patientSearches = new CopyOnWriteArrayList<>();
    private CallDocAdapter adapter;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext(
                "/api/v1/frontend/appointment_search/",
                exchange -> reply(exchange, resource("appointment_search.json")));
        server.createContext("/api/v1/frontend/patient_search/", exchange -> {
            String piz = exchange.getRequestURI().getQuery().replace("piz=", "");
            patientSearches.add(piz);
            reply(
                    exchange,
                    "1698369".equals(piz)
                            ? resource("patient_search.json")
                            : "{\"count\":1,\"data\":[{\"piz\":\"" + piz + "\",\"surname\":\"Zweiter\"}]}");
        });
        server.start();
        CallDocClient client = new CallDocClient(
                HttpClient.newHttpClient(),
                "http://127.0.0.1:" + server.getAddress().getPort(),
                Duration.ofSeconds(5),
                1,
                Duration.ZERO);
        adapter = new CallDocAdapter(config(), client);
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void aDayPassesCanceledAppointmentsOnWithTheirStatusAndLooksEachPatientUpOnce() throws Exception {
        CallDocDay day = adapter.day(LocalDate.of(2025, 10, 6), 24, null);

        assertEquals(3, day.found());
        assertEquals(
                List.of("501:created", "502:finished_final", "503:canceled"),
                day.appointments().stream()
                        .map(a -> a.sourceId() + ":" + a.status())
                        .toList());
        assertEquals(
                List.of("501", "502"),
                day.active().stream().map(Appointment::sourceId).toList());
        assertEquals("Testmann", day.patient("1698369").orElseThrow().familyName());
        assertEquals("Zweiter", day.patient("1700001").orElseThrow().familyName());
        assertEquals(
                List.of("1698369", "1700001", "1700002"),
                patientSearches.stream().sorted().toList());
    }

    @Test
    void aWindowIsFetchedByPracticeDaysAndCarriesCanceledAppointments() throws Exception {
        List<HealthRecord> published = new ArrayList<>();
        // 2025-10-05T22:00Z is midnight of the 6th in Berlin: exactly one practice day.
        adapter.fetch(
                new FetchRequest(
                        "practice",
                        "*",
                        Instant.parse("2025-10-05T22:00:00Z"),
                        Instant.parse("2025-10-06T22:00:00Z"),
                        Set.of(),
                        Optional.empty(),
                        null),
                published::addAll);

        assertEquals(
                List.of("1698369", "1700001", "1700002"),
                published.subList(0, 3).stream()
                        .map(HealthRecord::sourceId)
                        .sorted()
                        .toList(),
                "patients first");
        assertEquals(
                List.of("501", "502", "503"),
                published.subList(3, 6).stream().map(HealthRecord::sourceId).toList());
        assertEquals(Instant.parse("2025-10-06T06:30:00Z"), ((Appointment) published.get(3)).scheduledFor());
    }

    @Test
    void aSinglePatientDayKeepsOnlyThatPatientAndLooksOnlyThemUp() throws Exception {
        CallDocDay day = adapter.day(LocalDate.of(2025, 10, 6), 24, "1698369");

        assertEquals(3, day.found());
        assertEquals(
                List.of("501"),
                day.appointments().stream().map(Appointment::sourceId).toList());
        assertEquals(List.of("1698369"), patientSearches);

        CallDocDay nobody = adapter.day(LocalDate.of(2025, 10, 6), 24, "9999999");
        assertTrue(nobody.appointments().isEmpty());
        assertTrue(nobody.patient("9999999").isEmpty());
    }

    private static void reply(com.sun.net.httpserver.HttpExchange exchange, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(200, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = CallDocAdapterTest.class.getResourceAsStream("/calldoc/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static CallDocConfig config() {
        return new CallDocConfig() {
            public boolean enabled() {
                return true;
            }

            public Optional<String> baseUrl() {
                return Optional.empty();
            }

            public String installationId() {
                return "praxis-test";
            }

            public Duration timeout() {
                return Duration.ofSeconds(5);
            }

            public int maxAttempts() {
                return 1;
            }

            public Duration initialBackoff() {
                return Duration.ZERO;
            }

            public Duration maxBackoff() {
                return Duration.ZERO;
            }

            public Duration budget() {
                return Duration.ZERO;
            }

            public int patientLookupConcurrency() {
                return 4;
            }

            public int defaultAppointmentTypeId() {
                return 24;
            }

            public ZoneId practiceZone() {
                return ZoneId.of("Europe/Berlin");
            }
        };
    }
}
