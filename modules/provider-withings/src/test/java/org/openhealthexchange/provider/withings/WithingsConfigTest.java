package org.openhealthexchange.provider.withings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.openhealthexchange.provider.withings.config.WithingsConfig;
import org.openhealthexchange.provider.withings.config.WithingsSettings;

class WithingsConfigTest {

    @Test
    void everyKeyHasItsDefault() {
        WithingsSettings settings = WithingsSettings.from(mapping(Map.of()));

        assertTrue(settings.enabled());
        assertEquals(Optional.empty(), settings.clientId());
        assertEquals(Optional.empty(), settings.clientSecret());
        assertEquals("https://wbsapi.withings.net", settings.apiBaseUrl());
        assertEquals("https://account.withings.com/oauth2_user/authorize2", settings.authorizeUrl());
        assertEquals(List.of("user.info", "user.metrics", "user.activity"), settings.scopes());
        assertEquals(Optional.empty(), settings.callbackSecret());
        assertEquals(Optional.empty(), settings.signingSecret());
        assertEquals(List.of(1, 2, 4, 16, 44, 54), settings.notifyApplis(), "2 = temperature");
        assertEquals(Duration.ofSeconds(20), settings.requestTimeout());
    }

    @Test
    void theSandboxIsReachedByOverridingTheUrls() {
        WithingsSettings settings = WithingsSettings.from(mapping(Map.of(
                "ohe.provider.withings.api-base-url", "http://localhost:8080/sandbox/withings/",
                "ohe.provider.withings.authorize-url", "http://localhost:8080/sandbox/withings/authorize2",
                "ohe.provider.withings.client-id", "cid",
                "ohe.provider.withings.callback-secret", "tok",
                "ohe.provider.withings.notify-applis", "1,44",
                "ohe.provider.withings.request-timeout", "PT3S")));

        assertEquals("http://localhost:8080/sandbox/withings", settings.apiBaseUrl());
        assertEquals("http://localhost:8080/sandbox/withings/authorize2", settings.authorizeUrl());
        assertEquals(Optional.of("cid"), settings.clientId());
        assertEquals(Optional.of("tok"), settings.callbackSecret());
        assertEquals(List.of(1, 44), settings.notifyApplis());
        assertEquals(Duration.ofSeconds(3), settings.requestTimeout());
        assertTrue(!settings.toString().contains("tok"), "secrets stay out of toString");
    }

    static WithingsConfig mapping(Map<String, String> properties) {
        return new SmallRyeConfigBuilder()
                .withMapping(WithingsConfig.class)
                .withSources(new PropertiesConfigSource(properties, "test", 100))
                .build()
                .getConfigMapping(WithingsConfig.class);
    }
}
