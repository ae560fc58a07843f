package org.openhealthexchange.provider.fitbit.legacy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.openhealthexchange.provider.fitbit.FakeVendor;

/**
 * A legacy Fitbit stand-in on a loopback HTTP server: replies queued per {@code METHOD path} (the last one repeats),
 * every call recorded with its headers and body. Unknown paths answer 404 in Fitbit's error format.
 */
final class FakeFitbit extends FakeVendor {

    FakeFitbit() {
        super(
                c -> c.method() + " " + c.path(),
                new Reply(404, Map.of(), "{\"errors\":[{\"errorType\":\"not_found\",\"message\":\"no such path\"}]}"));
    }

    FakeFitbit reply(String method, String path, Reply... rs) {
        reply(method + " " + path, rs);
        return this;
    }

    FakeFitbit ok(String path, String body) {
        return reply("GET", path, Reply.ok(body));
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
}
