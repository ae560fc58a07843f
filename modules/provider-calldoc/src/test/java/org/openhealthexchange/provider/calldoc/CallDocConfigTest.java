package org.openhealthexchange.provider.calldoc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openhealthexchange.core.http.RetryPolicy;

/** CallDoc's retry keys are the platform's RetryConfig under their historic names, with CallDoc's defaults. */
class CallDocConfigTest {

    static CallDocConfig mapping(Map<String, String> properties) {
        return new SmallRyeConfigBuilder()
                .withMapping(CallDocConfig.class)
                .withSources(new PropertiesConfigSource(properties, "test", 100))
                .build()
                .getConfigMapping(CallDocConfig.class);
    }

    @Test
    void defaultsAreCallDocsOwn() {
        assertEquals(
                new RetryPolicy(3, Duration.ofMillis(200), Duration.ofSeconds(5), Duration.ofSeconds(60)),
                mapping(Map.of()).policy());
    }

    @Test
    void theHistoricKeysStillSetThem() {
        CallDocConfig c = mapping(Map.of(
                "ohe.provider.calldoc.max-attempts", "0",
                "ohe.provider.calldoc.retry-backoff", "PT1S",
                "ohe.provider.calldoc.retry-max-backoff", "PT2S",
                "ohe.provider.calldoc.retry-budget", "PT3S"));
        assertEquals(
                new RetryPolicy(1, Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(3)),
                c.policy(),
                "0 attempts count as 1");
    }
}
