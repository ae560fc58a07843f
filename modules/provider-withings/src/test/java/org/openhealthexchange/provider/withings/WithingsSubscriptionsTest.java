package org.openhealthexchange.provider.withings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.openhealthexchange.provider.withings.FakeWithings.golden;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openhealthexchange.core.spi.ProviderException;
import org.openhealthexchange.provider.withings.client.WithingsApiClient;
import org.openhealthexchange.provider.withings.config.WithingsSettings;
import org.openhealthexchange.testkit.RecordingTokens;

class WithingsSubscriptionsTest {

    static final String CALLBACK = "https://ohe.example/webhooks/withings/";
    static final String REGISTERED = CALLBACK + "?token=s3cr%2Bt";

    final FakeWithings withings = new FakeWithings();
    final WithingsSettings settings =
            WithingsSettings.forApi(withings.baseUrl(), "c", "s").withSecrets("s3cr+t", null);
    final WithingsSubscriptions subscriptions = new WithingsSubscriptions(settings, new WithingsApiClient(settings));
    final RecordingTokens tokens = new RecordingTokens();

    @AfterEach
    void stop() {
        withings.close();
    }

    @Test
    void subscribesEachConfiguredAppliWithTheSecretInTheCallbackUrl() throws Exception {
        withings.reply("/notify", "subscribe", golden("ok-empty.json"));

        subscriptions.subscribe(tokens, CALLBACK);

        var calls = withings.calls("/notify", "subscribe");
        assertEquals(
                List.of("1", "2", "4", "16", "44", "54"),
                calls.stream().map(c -> c.form().get("appli")).toList());
        calls.forEach(c -> assertEquals(REGISTERED, c.form().get("callbackurl")));
        assertEquals("Bearer token-0", calls.get(0).authorization());
    }

    @Test
    void unsubscribingWhatIsAlreadyGoneIsNotAnError() throws Exception {
        withings.reply("/notify", "revoke", golden("ok-empty.json"), golden("error-294.json"));

        subscriptions.unsubscribe(tokens, CALLBACK);

        var calls = withings.calls("/notify", "revoke");
        assertEquals(6, calls.size());
        calls.forEach(c -> assertEquals(REGISTERED, c.form().get("callbackurl")));
    }

    @Test
    void otherUnsubscribeFailuresAreReported() {
        withings.reply("/notify", "revoke", golden("error-601.json"));

        ProviderException e = assertThrows(ProviderException.class, () -> subscriptions.unsubscribe(tokens, CALLBACK));

        assertEquals(ProviderException.Kind.RATE_LIMITED, e.kind());
    }

    @Test
    void aCallbackUrlTooLongForWithingsIsRefusedBeforeCallingIt() {
        String tooLong = CALLBACK + "x".repeat(240);

        assertThrows(ProviderException.class, () -> subscriptions.subscribe(tokens, tooLong));
        assertEquals(List.of(), withings.calls());
    }
}
