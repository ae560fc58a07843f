package org.openhealthexchange.server.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * An HTTP/1.1 client on a plain socket to 127.0.0.1, for requests no client library sends: raw control bytes,
 * malformed escapes, any method, any header. One request per connection ({@code Connection: close}).
 */
final class RawHttp {

    /** A response, or {@code status == -1} when the server closed the connection without answering. */
    record Response(int status, Map<String, String> headers, byte[] body) {

        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private RawHttp() {}

    static Response send(int port, byte[] head, byte[] body) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            // Generous: a loaded CI machine; a request that really hangs fails the test through this.
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(head);
                if (body != null) {
                    out.write(body);
                }
                out.flush();
            } catch (IOException refusedMidway) {
                // the server answered (e.g. 413) and closed before taking the whole body: read what it said
            }
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            try {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    all.write(buffer, 0, n);
                }
            } catch (java.net.SocketException reset) {
                // connection reset after the answer: keep what arrived
            }
            return parse(all.toByteArray());
        }
    }

    static byte[] head(String method, String target, int port, Map<String, String> headers) {
        StringBuilder sb = new StringBuilder();
        sb.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
        sb.append("Host: 127.0.0.1:").append(port).append("\r\n");
        sb.append("Connection: close\r\n");
        headers.forEach((k, v) -> sb.append(k).append(": ").append(v).append("\r\n"));
        sb.append("\r\n");
        return sb.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private static Response parse(byte[] raw) {
        int headEnd = indexOf(raw, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        if (raw.length == 0 || headEnd < 0) {
            return new Response(-1, Map.of(), raw);
        }
        String[] lines = new String(raw, 0, headEnd, StandardCharsets.ISO_8859_1).split("\r\n");
        String[] statusLine = lines[0].split(" ", 3);
        int status = Integer.parseInt(statusLine[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.put(
                        lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        lines[i].substring(colon + 1).trim());
            }
        }
        byte[] rest = java.util.Arrays.copyOfRange(raw, headEnd + 4, raw.length);
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            rest = dechunk(rest);
        }
        return new Response(status, headers, rest);
    }

    private static byte[] dechunk(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int pos = 0;
        while (pos < data.length) {
            int lineEnd = indexOf(
                    java.util.Arrays.copyOfRange(data, pos, data.length), "\r\n".getBytes(StandardCharsets.ISO_8859_1));
            if (lineEnd < 0) {
                break;
            }
            String sizeText = new String(data, pos, lineEnd, StandardCharsets.ISO_8859_1).split(";")[0].trim();
            int size = Integer.parseInt(sizeText, 16);
            pos += lineEnd + 2;
            if (size == 0) {
                break;
            }
            out.write(data, pos, Math.min(size, data.length - pos));
            pos += size + 2;
        }
        return out.toByteArray();
    }

    private static int indexOf(byte[] data, byte[] pattern) {
        outer:
        for (int i = 0; i + pattern.length <= data.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
