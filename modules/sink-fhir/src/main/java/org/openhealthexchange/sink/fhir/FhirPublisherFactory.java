package org.openhealthexchange.sink.fhir;

import ca.uhn.fhir.rest.client.apache.ApacheRestfulClientFactory;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import java.net.URI;
import java.time.Clock;
import java.util.Optional;
import org.openhealthexchange.core.fhir.FhirContexts;
import org.openhealthexchange.core.fhir.mapping.FhirMapper;
import org.openhealthexchange.core.http.Sleeper;
import org.openhealthexchange.sink.fhir.FhirSinkSettings.AuthSettings;
import org.openhealthexchange.sink.fhir.client.ClientAssertionSigner;
import org.openhealthexchange.sink.fhir.client.FhirAuth;
import org.openhealthexchange.sink.fhir.client.FhirServerClient;
import org.openhealthexchange.sink.fhir.client.SmartTokenSource;

/** Builds a {@link FhirPublisher} from settings, failing fast on incomplete credentials. */
public final class FhirPublisherFactory {

    private FhirPublisherFactory() {}

    public static FhirPublisher create(FhirSinkSettings settings, Clock clock) {
        return create(settings, clock, Sleeper.SYSTEM);
    }

    static FhirPublisher create(FhirSinkSettings settings, Clock clock, Sleeper sleeper) {
        if (!settings.enabled() || settings.baseUrl().isEmpty()) {
            return new FhirPublisher(settings, new FhirMapper(), null, sleeper, clock);
        }
        var server =
                new FhirServerClient(clientFactory(settings), settings.baseUrl().get(), auth(settings, clock), clock);
        return new FhirPublisher(settings, new FhirMapper(), server, sleeper, clock);
    }

    /**
     * A factory of its own rather than the shared context's: timeouts are this sink's, and the capability
     * statement check ({@code GET /metadata} before the first request) is off, as a transaction needs none.
     */
    private static ApacheRestfulClientFactory clientFactory(FhirSinkSettings settings) {
        var factory = new ApacheRestfulClientFactory(FhirContexts.r4());
        var timeoutMillis =
                (int) Math.min(Integer.MAX_VALUE, settings.requestTimeout().toMillis());
        factory.setConnectTimeout(timeoutMillis);
        factory.setSocketTimeout(timeoutMillis);
        factory.setConnectionRequestTimeout(timeoutMillis);
        factory.setServerValidationMode(ServerValidationModeEnum.NEVER);
        return factory;
    }

    static FhirAuth auth(FhirSinkSettings settings, Clock clock) {
        AuthSettings auth = settings.auth();
        switch (auth.mode()) {
            case NONE:
                return FhirAuth.NONE;
            case BEARER:
                return FhirAuth.bearer(auth.bearerToken()
                        .filter(t -> !t.isBlank())
                        .orElseThrow(() -> new IllegalArgumentException(
                                "ohe.sink.fhir.auth.bearer-token is required for mode=bearer")));
            case SMART:
                var tokenUrl = required(auth.tokenUrl(), "token-url");
                var signer = new ClientAssertionSigner(
                        required(auth.clientId(), "client-id"),
                        tokenUrl,
                        auth.keyId().orElse(null),
                        ClientAssertionSigner.rsaPrivateKey(required(auth.privateKeyPem(), "private-key-pem")),
                        clock);
                return new FhirAuth.Smart(new SmartTokenSource(
                        URI.create(tokenUrl), auth.scope(), signer, settings.requestTimeout(), clock));
            default:
                throw new IllegalArgumentException("unknown auth mode " + auth.mode());
        }
    }

    private static String required(Optional<String> value, String key) {
        return value.filter(v -> !v.isBlank())
                .orElseThrow(() -> new IllegalArgumentException(
                        "ohe.sink.fhir.auth.smart." + key + " is required for mode=smart"));
    }
}
