package org.openhealthexchange.provider.fitbit.legacy;

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

/**
 * A legacy Fitbit stand-in on a loopback HTTP server: replies queued per {@code METHOD path} (the last one repeats),
 * every call recorded with its headers and body. Unknown paths answer 404 in Fitbit's error format.
 */
final class FakeFitbit implements AutoCloseable {

    /** One request as Fitbit would have seen it. */
    record Call(String method, String path, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name.toLowerCase());
        }
    }

    /** A reply: status, extra headers, body. */
    record Reply(int status, Map<String, String> headers, String body) {
        static Reply ok(String body) {
            return new Reply(200, Map.of(), body);
        }
    }

    private final HttpServer server;
    private final Map<String, Deque<Function<Call, Reply>>> replies = new HashMap<>();
    private final List<Call> calls = new ArrayList<>();

    FakeFitbit() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    FakeFitbit reply(String method, String path, Reply... rs) {
        for (Reply r : rs) {
            respond(method, path, c -> r);
        }
        return this;
    }

    FakeFitbit ok(String path, String body) {
        return reply("GET", path, Reply.ok(body));
    }

    synchronized FakeFitbit respond(String method, String path, Function<Call, Reply> responder) {
        replies.computeIfAbsent(method + " " + path, k -> new ArrayDeque<>()).add(responder);
        return this;
    }

    synchronized List<Call> calls() {
        return List.copyOf(calls);
    }

    List<Call> calls(String path) {
        return calls().stream().filter(c -> c.path().equals(path)).toList();
    }

    private void handle(HttpExchange ex) throws IOException {
        Map<String, String> headers = new HashMap<>();
        ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), v.get(0)));
        String body;
        try (InputStream in = ex.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Call call = new Call(ex.getRequestMethod(), ex.getRequestURI().getPath(), headers, body);
        Function<Call, Reply> responder;
        synchronized (this) {
            calls.add(call);
            Deque<Function<Call, Reply>> q = replies.get(call.method() + " " + call.path());
            responder = q == null || q.isEmpty() ? null : q.size() > 1 ? q.removeFirst() : q.peekFirst();
        }
        Reply reply = responder == null
                ? new Reply(404, Map.of(), "{\"errors\":[{\"errorType\":\"not_found\",\"message\":\"no such path\"}]}")
                : responder.apply(call);
        byte[] bytes = reply.body() == null ? new byte[0] : reply.body().getBytes(StandardCharsets.UTF_8);
        reply.headers().forEach(ex.getResponseHeaders()::add);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            ex.getResponseBody().write(bytes);
        }
        ex.close();
    }

    static String resource(String name) {
        try (InputStream in = FakeFitbit.class.getResourceAsStream("/fitbit/legacy/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
