package org.openhealthexchange.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.net.URL;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * The local profile reaches its in-process sandbox vendors and EHR by URL, all derived from one public base URL that
 * itself follows the HTTP port: {@code QUARKUS_HTTP_PORT=9090} must not leave a URL on 8080 (linking broke so).
 */
class LocalProfileUrlsTest {

    private static SmallRyeConfig local(Map<String, String> overrides) throws IOException {
        URL properties = LocalProfileUrlsTest.class.getClassLoader().getResource("application.properties");
        return new SmallRyeConfigBuilder()
                .withProfile("local")
                .withSources(new PropertiesConfigSource(properties, 250))
                .withSources(new PropertiesConfigSource(overrides, "overrides", 400))
                .build();
    }

    private static List<String> sandboxUrls(SmallRyeConfig config) {
        return StreamSupport.stream(config.getPropertyNames().spliterator(), false)
                .filter(name -> name.startsWith("ohe.") && !name.startsWith("ohe.sandbox."))
                .map(name -> config.getOptionalValue(name, String.class).orElse(""))
                .filter(value -> value.contains("/sandbox/"))
                .toList();
    }

    @Test
    void everySandboxUrlFollowsTheHttpPort() throws IOException {
        SmallRyeConfig config = local(Map.of("quarkus.http.port", "9090"));
        List<String> urls = sandboxUrls(config);
        assertTrue(urls.size() >= 13, "sandbox URLs of the local profile: " + urls);
        urls.forEach(url -> assertTrue(url.startsWith("http://localhost:9090/sandbox/"), url));
        assertEquals("http://localhost:9090", config.getValue("ohe.linking.public-base-url", String.class));
    }

    @Test
    void onePublicBaseUrlMovesThemAll() throws IOException {
        SmallRyeConfig config = local(Map.of("ohe.linking.public-base-url", "https://ohe.example.test"));
        List<String> urls = sandboxUrls(config);
        assertFalse(urls.isEmpty());
        urls.forEach(url -> assertTrue(url.startsWith("https://ohe.example.test/sandbox/"), url));
    }

    @Test
    void theDefaultIsPort8080() throws IOException {
        sandboxUrls(local(Map.of())).forEach(url -> assertTrue(url.startsWith("http://localhost:8080/sandbox/"), url));
    }
}
