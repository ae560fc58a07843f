package org.openhealthexchange.provider.fitbit.google;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
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
import java.util.Map;
import java.util.function.Function;

/** A loopback Google stand-in: replies queued per path (the last one repeats), every call recorded. */
final class FakeGoogleHealth implements AutoCloseable {

    record Call(String method, String path, Map<String, String> params, String authorization) {
    }

    record Reply(int status, String body, Map<String, String> headers) {
        static Reply json(int status, String body) {
            return new Reply(status, body, Map.of());
        }
    }

    private final HttpServer server;
    private final Map<String, Deque<Function<Call, Reply>>> replies = new HashMap<>();
    private final List<Call> calls = new ArrayList<>();

    FakeGoogleHealth() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.start();
    }

    String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    FakeGoogleHealth on(String path, Function<Call, Reply> responder) {
        synchronized (replies) {
            replies.computeIfAbsent(path, k -> new ArrayDeque<>()).add(responder);
        }
        return this;
    }

    FakeGoogleHealth json(String path, int status, String body) {
        return on(path, c -> Reply.json(status, body));
    }

    synchronized List<Call> calls(String path) {
        return calls.stream().filter(c -> c.path().equals(path)).toList();
    }

    private void handle(HttpExchange ex) throws IOException {
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Map<String, String> params = new LinkedHashMap<>();
        decode(ex.getRequestURI().getRawQuery(), params);
        decode(body, params);
        Call call = new Call(ex.getRequestMethod(), ex.getRequestURI().getPath(), params,
                ex.getRequestHeaders().getFirst("Authorization"));
        synchronized (this) {
            calls.add(call);
        }
        Function<Call, Reply> responder;
        synchronized (replies) {
            Deque<Function<Call, Reply>> q = replies.get(call.path());
            responder = q == null ? null : q.size() > 1 ? q.poll() : q.peek();
        }
        Reply r = responder == null ? Reply.json(404, "{}") : responder.apply(call);
        byte[] out = r.body().getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        r.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
        ex.sendResponseHeaders(r.status(), out.length == 0 ? -1 : out.length);
        if (out.length > 0) {
            ex.getResponseBody().write(out);
        }
        ex.close();
    }

    private static void decode(String s, Map<String, String> into) {
        if (s == null || s.isEmpty() || s.startsWith("{")) {
            return;
        }
        for (String pair : s.split("&")) {
            int i = pair.indexOf('=');
            if (i > 0) {
                into.put(URLDecoder.decode(pair.substring(0, i), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(i + 1), StandardCharsets.UTF_8));
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
