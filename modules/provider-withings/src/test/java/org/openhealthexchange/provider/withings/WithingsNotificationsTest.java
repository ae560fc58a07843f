package org.openhealthexchange.provider.withings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.openhealthexchange.core.spi.InboundRequest;
import org.openhealthexchange.core.spi.WebhookReply;
import org.openhealthexchange.provider.withings.config.WithingsSettings;

class WithingsNotificationsTest {

    final WithingsSettings settings =
            WithingsSettings.forApi("http://unused", "c", "s").withSecrets("tok", null);
    final WithingsNotifications notifications = new WithingsNotifications(settings);

    @Test
    void answersWithingsHeadCheckAndTheChallengeEcho() {
        assertEquals(
                Optional.of(new WebhookReply(200, "text/plain", "")),
                notifications.handshake(request("HEAD", Map.of(), "")));
        assertEquals(
                Optional.of(new WebhookReply(200, "text/plain", "abc123")),
                notifications.handshake(request("GET", Map.of("challenge", List.of("abc123")), "")));
        assertEquals(Optional.empty(), notifications.handshake(request("GET", Map.of(), "")));
        assertEquals(Optional.empty(), notifications.handshake(request("POST", Map.of(), "userid=1&appli=1")));
    }

    @Test
    void verifiesTheTokenAndParsesOneSyncRequest() throws Exception {
        var delivery = request("POST", Map.of("token", List.of("tok")), "userid=1&appli=44&startdate=1&enddate=2");

        assertTrue(notifications.verify(delivery));
        assertEquals("1", notifications.parse(delivery).get(0).externalUserId());
        assertEquals(1, notifications.parse(delivery).size());
        assertEquals("withings", notifications.providerId());
    }

    @Test
    void aDisabledProviderAcceptsNothing() {
        var disabled = new WithingsNotifications(settings.withEnabled(false));

        assertFalse(disabled.verify(request("POST", Map.of("token", List.of("tok")), "userid=1&appli=1")));
    }

    static InboundRequest request(String method, Map<String, List<String>> query, String body) {
        return new InboundRequest(method, Map.of(), query, body.getBytes(StandardCharsets.UTF_8));
    }
}
