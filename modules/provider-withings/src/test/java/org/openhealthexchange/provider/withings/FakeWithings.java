package org.openhealthexchange.provider.withings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.openhealthexchange.provider.withings.client.WithingsForm;

/**
 * A Withings stand-in on a real loopback HTTP server: replies are queued per {@code path + action} (the last one
 * repeats) or computed from the request, and every call is recorded with its form and Authorization header.
 */
public final class FakeWithings implements AutoCloseable {

    /** One request as Withings would have seen it. */
    public record Call(String path, Map<String, String> form, String authorization) {
        public String action() {
            return form.get("action");
        }
    }

    /** A reply: HTTP status and body. */
    public record Reply(int httpStatus, String body) {}

    private final HttpServer server;
    private final Map<String, Deque<Function<Call, Reply>>> replies = new HashMap<>();
    private final List<Call> calls = new ArrayList<>();

    public FakeWithings() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.start();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Queues JSON bodies answered with HTTP 200, in order; the last keeps being answered. */
    public FakeWithings reply(String path, String action, String... bodies) {
        for (String body : bodies) {
            respond(path, action, call -> new Reply(200, body));
        }
        return this;
    }

    public FakeWithings respond(String path, String action, Function<Call, Reply> responder) {
        synchronized (replies) {
            replies.computeIfAbsent(path + " " + action, k -> new ArrayDeque<>())
                    .add(responder);
        }
        return this;
    }

    public List<Call> calls() {
        synchronized (calls) {
            return List.copyOf(calls);
        }
    }

    public List<Call> calls(String path, String action) {
        return calls().stream()
                .filter(c -> c.path().equals(path) && action.equals(c.action()))
                .toList();
    }

    /** A file under {@code src/test/resources/withings/}. */
    public static String golden(String name) {
        try (InputStream in = FakeWithings.class.getResourceAsStream("/withings/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no golden file " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The {@code body} of a golden reply, as the parsers receive it. */
    public static JsonNode goldenBody(String name) {
        try {
            return new ObjectMapper().readTree(golden(name)).get("body");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Call call = new Call(
                exchange.getRequestURI().getPath(),
                WithingsForm.decode(body),
                exchange.getRequestHeaders().getFirst("Authorization"));
        synchronized (calls) {
            calls.add(call);
        }
        Function<Call, Reply> responder;
        synchronized (replies) {
            Deque<Function<Call, Reply>> queue = replies.get(call.path() + " " + call.action());
            responder = queue == null ? null : queue.size() > 1 ? queue.poll() : queue.peek();
        }
        Reply reply = responder == null
                ? new Reply(200, "{\"status\":2554,\"body\":{},\"error\":\"Wrong action or wrong webservice\"}")
                : responder.apply(call);
        byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(reply.httpStatus(), bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
