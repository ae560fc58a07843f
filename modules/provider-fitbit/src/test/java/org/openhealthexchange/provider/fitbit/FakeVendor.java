package org.openhealthexchange.provider.fitbit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * A vendor stand-in on a loopback HTTP server: replies queued per route (the last one repeats), every call recorded
 * with its method, path, parameters (query string and form body), headers and body. The route of a call is whatever
 * the {@code route} function makes of it (the path, or {@code METHOD path}); a call without a queued reply gets the
 * {@code unknownRoute} reply.
 */
public class FakeVendor implements AutoCloseable {

    /** One request as the vendor would have seen it; header names are lower case. */
    public record Call(
            String method, String path, Map<String, String> params, Map<String, String> headers, String body) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** A reply: status, extra headers, body (sent as {@code application/json}). */
    public record Reply(int status, Map<String, String> headers, String body) {
        public static Reply json(int status, String body) {
            return new Reply(status, Map.of(), body);
        }

        public static Reply ok(String body) {
            return json(200, body);
        }
    }

    private final HttpServer server;
    private final Function<Call, String> route;
    private final Reply unknownRoute;
    private final Map<String, Deque<Function<Call, Reply>>> replies = new HashMap<>();
    private final List<Call> calls = new ArrayList<>();

    public FakeVendor(Function<Call, String> route, Reply unknownRoute) {
        this.route = route;
        this.unknownRoute = unknownRoute;
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

    /** Queues a computed reply for the route. */
    public synchronized FakeVendor on(String route, Function<Call, Reply> responder) {
        replies.computeIfAbsent(route, k -> new ArrayDeque<>()).add(responder);
        return this;
    }

    /** Queues fixed replies for the route, in order. */
    public FakeVendor reply(String route, Reply... rs) {
        for (Reply r : rs) {
            on(route, c -> r);
        }
        return this;
    }

    public synchronized List<Call> calls() {
        return List.copyOf(calls);
    }

    public List<Call> calls(String path) {
        return calls().stream().filter(c -> c.path().equals(path)).toList();
    }

    private void handle(HttpExchange ex) throws IOException {
        String body;
        try (InputStream in = ex.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Map<String, String> params = new LinkedHashMap<>();
        decode(ex.getRequestURI().getRawQuery(), params);
        decode(body, params);
        Map<String, String> headers = new HashMap<>();
        ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v.get(0)));
        Call call = new Call(ex.getRequestMethod(), ex.getRequestURI().getPath(), params, headers, body);
        Function<Call, Reply> responder;
        synchronized (this) {
            calls.add(call);
            Deque<Function<Call, Reply>> q = replies.get(route.apply(call));
            responder = q == null || q.isEmpty() ? null : q.size() > 1 ? q.removeFirst() : q.peekFirst();
        }
        Reply reply = responder == null ? unknownRoute : responder.apply(call);
        byte[] bytes = reply.body() == null ? new byte[0] : reply.body().getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        reply.headers().forEach(ex.getResponseHeaders()::add);
        ex.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            ex.getResponseBody().write(bytes);
        }
        ex.close();
    }

    /** Adds the pairs of a query string or form body; a JSON body adds nothing. */
    private static void decode(String s, Map<String, String> into) {
        if (s == null || s.isEmpty() || s.startsWith("{")) {
            return;
        }
        for (String pair : s.split("&")) {
            int i = pair.indexOf('=');
            if (i > 0) {
                into.put(
                        URLDecoder.decode(pair.substring(0, i), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(i + 1), StandardCharsets.UTF_8));
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
