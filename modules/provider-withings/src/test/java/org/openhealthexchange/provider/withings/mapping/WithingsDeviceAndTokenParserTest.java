package org.openhealthexchange.provider.withings.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.openhealthexchange.provider.withings.FakeWithings.goldenBody;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.openhealthexchange.core.record.DeviceInfo;
import org.openhealthexchange.core.spi.ProviderException;
import org.openhealthexchange.core.spi.TokenGrant;

class WithingsDeviceAndTokenParserTest {

    static final Instant NOW = Instant.parse("2024-06-01T12:00:00Z");

    @Test
    void devicesAreKeyedByDeviceId() throws Exception {
        assertEquals(
                List.of(
                        new DeviceInfo(
                                "withings",
                                "892359876fd8805ac45bab078c4828692f0276b1",
                                "Scale",
                                "Body Cardio",
                                "Withings",
                                "high",
                                Instant.ofEpochSecond(1717230000)),
                        new DeviceInfo(
                                "withings",
                                "c405eb8e0e053f6601e151c7e43c04e29aad6956",
                                "Blood Pressure Monitor",
                                "BPM Core",
                                "Withings",
                                "medium",
                                Instant.ofEpochSecond(1717232400))),
                WithingsDeviceParser.parse(goldenBody("user-getdevice.json")));
    }

    @Test
    void tokenReplyBecomesAGrantExpiringExpiresInAfterNow() throws Exception {
        TokenGrant grant = WithingsTokenParser.parse(goldenBody("oauth2-requesttoken.json"), NOW);

        assertEquals(
                new TokenGrant(
                        "363",
                        "a075f8c14fb8df40b08ebc8508533dc332a6910a",
                        "f631236f02b991810feb774765b6ae8e6c6839ca",
                        NOW.plusSeconds(10800),
                        Set.of("user.info", "user.metrics", "user.activity")),
                grant);
    }

    @Test
    void aNumericUseridIsReadAsText() throws Exception {
        TokenGrant grant = WithingsTokenParser.parse(goldenBody("oauth2-refresh.json"), NOW);

        assertEquals("363", grant.externalUserId());
        assertEquals(Set.of("user.info", "user.metrics"), grant.scopes());
        assertFalse(grant.toString().contains(grant.accessToken()), "token text never printed");
    }

    @Test
    void aTokenReplyWithoutAccessTokenIsABadResponse() throws Exception {
        var body = new ObjectMapper().readTree("{\"userid\":1,\"refresh_token\":\"r\",\"expires_in\":10800}");

        ProviderException e = assertThrows(ProviderException.class, () -> WithingsTokenParser.parse(body, NOW));
        assertEquals(ProviderException.Kind.BAD_RESPONSE, e.kind());
    }
}
