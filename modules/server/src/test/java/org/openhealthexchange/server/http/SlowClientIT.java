package org.openhealthexchange.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * Issue 10 point 10: slow clients are cut. With short limits in this profile, a client that stops in the middle of
 * its headers or its body loses the connection. No timing is asserted: each test waits (up to a generous minute,
 * the socket's read timeout) for the server to close, which it never does without the limits (Quarkus' default
 * idle timeout is 30 minutes).
 */
@QuarkusTest
@TestProfile(SlowClientIT.Profile.class)
class SlowClientIT {

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.http.idle-timeout", "5S", "ohe.http.body-timeout", "PT1S");
        }
    }

    @Test
    void aBodyThatStopsArrivingIsAnswered408AndTheConnectionClosed() throws Exception {
        String head = "POST /api/sync/patient HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Content-Length: 100\r\nX-Request-ID: slow-body\r\n\r\n{\"piz\":";
        byte[] answer = sendAndReadUntilClosed(head);
        String text = new String(answer, StandardCharsets.UTF_8);
        assertTrue(text.startsWith("HTTP/1.1 408"), text);
        JsonNode body = new ObjectMapper().readTree(text.substring(text.indexOf("\r\n\r\n") + 4));
        assertEquals("request_timeout", body.path("error").asText(), text);
        assertEquals("slow-body", body.path("request_id").asText(), text);
    }

    @Test
    void aClientThatStopsInTheMiddleOfItsHeadersIsCut() throws Exception {
        byte[] answer = sendAndReadUntilClosed("GET /api/metrics/live/ HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Partial: ");
        // Closed (read returned end of stream) rather than answered: the request never completed.
        assertEquals(0, answer.length, new String(answer, StandardCharsets.UTF_8));
    }

    @Test
    void theShippedConfigurationBoundsConnectionsAndBodies() throws Exception {
        // This profile shortens the limits; the shipped values (every profile) are what production runs with.
        var shipped = new java.util.Properties();
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("application.properties")) {
            shipped.load(in);
        }
        java.time.Duration idle = java.time.Duration.parse("PT"
                + shipped.getProperty("quarkus.http.idle-timeout", "30M").replaceAll("^\\$\\{[A-Z_]+:(.*)}$", "$1"));
        assertTrue(idle.compareTo(java.time.Duration.ofMinutes(5)) <= 0, "idle timeout " + idle);
        String body = shipped.getProperty("ohe.http.body-timeout", "");
        assertTrue(body.matches("\\$\\{OHE_HTTP_BODY_TIMEOUT:PT\\d+S}"), body);
        assertTrue(shipped.containsKey("quarkus.http.read-timeout"));
        assertTrue(
                Integer.parseInt(shipped.getProperty("quarkus.http.limits.max-initial-line-length"))
                        > Integer.parseInt(shipped.getProperty("ohe.http.max-uri-length")),
                "the decoder's limit above OHE's");
    }

    /** Sends the bytes, then reads until the server closes; a read timeout (60 s) fails the test. */
    private static byte[] sendAndReadUntilClosed(String partialRequest) throws Exception {
        int port = ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            socket.setSoTimeout(60_000);
            socket.getOutputStream().write(partialRequest.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            byte[] buffer = new byte[4096];
            try {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    all.write(buffer, 0, n);
                }
            } catch (java.net.SocketException reset) {
                // closed by reset: closed all the same
            }
            return all.toByteArray();
        }
    }
}
