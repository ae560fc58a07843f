package org.openhealthexchange.server.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The real services every integration test runs against: a fresh PostgreSQL database (on the local server when
 * reachable, else an embedded one), Redis on localhost when reachable, and the key that signs test bearer tokens.
 * Values go into {@code ohe-test.*} keys that the {@code %test} profile maps, so test profiles can still override.
 */
public class TestServices implements QuarkusTestResourceLifecycleManager {

    private String database;

    @Override
    public Map<String, String> start() {
        database = "ohe_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        Map<String, String> config = new HashMap<>();
        config.put("ohe-test.jdbc-url", TestPostgres.createDatabase(database));
        boolean redis = reachable("127.0.0.1", 6379);
        config.put("ohe-test.redis-hosts", "redis://127.0.0.1:6379");
        config.put("ohe-test.coordination-backend", redis ? "redis" : "in-process");
        config.put("ohe-test.key-prefix", "ohe-test-" + database + ":");
        config.put("ohe-test.oidc-public-key", TestTokens.publicKeyBase64());
        int port = freePort();
        config.put("ohe-test.http-port", Integer.toString(port));
        config.put("ohe-test.base-url", "http://localhost:" + port);
        byte[] key = new byte[32];
        new java.security.SecureRandom().nextBytes(key);
        config.put(
                "ohe-test.vault-keys", "test:" + java.util.Base64.getEncoder().encodeToString(key));
        return config;
    }

    @Override
    public void stop() {
        TestPostgres.dropDatabase(database);
    }

    public static boolean redisReachable() {
        return reachable("127.0.0.1", 6379);
    }

    private static int freePort() {
        try (var socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static boolean reachable(String host, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
