package org.openhealthexchange.provider.withings.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class WithingsCallbackUrlTest {

    @Test
    void theSecretIsAppendedAsTokenOnce() {
        assertEquals(
                "https://o.example/webhooks/withings/?token=a%2Fb",
                WithingsCallbackUrl.withToken("https://o.example/webhooks/withings/", Optional.of("a/b")));
        assertEquals(
                "https://o.example/w?x=1&token=s",
                WithingsCallbackUrl.withToken("https://o.example/w?x=1", Optional.of("s")));
        assertEquals(
                "https://o.example/w?token=already",
                WithingsCallbackUrl.withToken("https://o.example/w?token=already", Optional.of("s")));
        assertEquals("https://o.example/w", WithingsCallbackUrl.withToken("https://o.example/w", Optional.empty()));
    }
}
