package org.openhealthexchange.core.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RetryConfigTest {

    @ConfigMapping(prefix = "x")
    interface Embeds {
        RetryConfig retry();
    }

    /** A config that is itself the retry group, with its own defaults and one key under its historic name. */
    @ConfigMapping(prefix = "x")
    interface Extends extends RetryConfig {
        @Override
        @WithDefault("3")
        int maxAttempts();

        @Override
        @WithName("retry-backoff")
        @WithDefault("PT0.2S")
        Duration initialBackoff();
    }

    static <T> T mapping(Class<T> type, Map<String, String> properties) {
        return new SmallRyeConfigBuilder()
                .addDefaultInterceptors()
                .withMapping(type)
                .withSources(new PropertiesConfigSource(properties, "test", 100))
                .build()
                .getConfigMapping(type);
    }

    @Test
    void theDefaultsAreThePlatformPolicy() {
        assertEquals(
                RetryPolicy.DEFAULT, mapping(Embeds.class, Map.of()).retry().policy());
        assertEquals(
                7,
                mapping(Embeds.class, Map.of("x.retry.max-attempts", "7"))
                        .retry()
                        .maxAttempts());
    }

    @Test
    void aProviderMayRedeclareItsDefaults() {
        RetryConfig c = mapping(Extends.class, Map.of());
        assertEquals(3, c.maxAttempts());
        assertEquals(Duration.ofMillis(200), c.initialBackoff());
        assertEquals(Duration.ofSeconds(8), c.maxBackoff(), "inherited");
        RetryConfig set = mapping(Extends.class, Map.of("x.max-attempts", "5", "x.retry-backoff", "PT1S"));
        assertEquals(5, set.maxAttempts());
        assertEquals(Duration.ofSeconds(1), set.policy().initialBackoff());
    }
}
