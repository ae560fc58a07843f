package org.openhealthexchange.sink.fhir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.openhealthexchange.core.http.RateLimits;
import org.openhealthexchange.sink.fhir.FhirSinkConfig.AuthMode;
import org.openhealthexchange.sink.fhir.client.FhirAuth;

class FhirSinkSettingsTest {

    private static FhirSinkSettings load(Map<String, String> properties) {
        var config = new SmallRyeConfigBuilder()
                .withMapping(FhirSinkConfig.class)
                .withSources(new PropertiesConfigSource(properties, "test", 100))
                .build()
                .getConfigMapping(FhirSinkConfig.class);
        return FhirSinkSettings.from(config);
    }

    @Test
    void everyKeyHasItsDocumentedDefault() {
        var settings = load(Map.of());

        assertTrue(settings.enabled());
        assertEquals(Optional.empty(), settings.baseUrl());
        assertEquals(100, settings.batchSize());
        assertEquals("urn:ohe:ehr-user-id", settings.patientIdentifierSystem());
        assertEquals(AuthMode.NONE, settings.auth().mode());
        assertEquals("system/*.write", settings.auth().scope());
        assertEquals(4, settings.maxAttempts());
        assertEquals(Duration.ofMillis(500), settings.backoffBase());
        assertEquals(Duration.ofSeconds(30), settings.requestTimeout());
        assertTrue(settings.updateExisting());
    }

    @Test
    void updateExistingCanBeSwitchedOff() {
        assertEquals(
                false, load(Map.of("ohe.sink.fhir.update-existing", "false")).updateExisting());
        assertTrue(FhirSinkSettings.defaults("https://ehr.example.org/fhir").updateExisting());
        assertEquals(
                false,
                FhirSinkSettings.defaults("https://ehr.example.org/fhir")
                        .withUpdateExisting(false)
                        .withBatchSize(5)
                        .updateExisting(),
                "kept by the other withers");
    }

    @Test
    void smartSettingsAreReadFromTheirKeys() {
        var settings = load(Map.of(
                "ohe.sink.fhir.base-url", "https://ehr.example.org/fhir",
                "ohe.sink.fhir.auth.mode", "smart",
                "ohe.sink.fhir.auth.smart.token-url", "https://ehr.example.org/token",
                "ohe.sink.fhir.auth.smart.client-id", "ohe",
                "ohe.sink.fhir.auth.smart.private-key-pem",
                        "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----",
                "ohe.sink.fhir.auth.smart.key-id", "k1"));

        assertEquals(AuthMode.SMART, settings.auth().mode());
        assertEquals(
                Optional.of("https://ehr.example.org/token"), settings.auth().tokenUrl());
        assertEquals(Optional.of("k1"), settings.auth().keyId());
    }

    @Test
    void secretsNeverAppearInToString() {
        var smart = FhirSinkSettings.AuthSettings.smart(
                "https://ehr.example.org/token",
                "ohe",
                "-----BEGIN PRIVATE KEY-----\nSECRETKEYMATERIAL\n-----END PRIVATE KEY-----",
                "k1",
                "system/*.write");
        var bearer = FhirSinkSettings.defaults("https://ehr.example.org/fhir")
                .withAuth(FhirSinkSettings.AuthSettings.bearer("s3cret-token"));

        assertFalse(smart.toString().contains("SECRETKEYMATERIAL"), smart::toString);
        assertFalse(bearer.toString().contains("s3cret-token"), bearer::toString);
        assertTrue(bearer.toString().contains("bearerToken=***"), bearer::toString);
        assertFalse(FhirAuth.bearer("s3cret-token").toString().contains("s3cret-token"));
    }

    @Test
    void incompleteCredentialsFailWhenTheSinkIsBuiltNotAtFirstPublish() {
        var missingToken = FhirSinkSettings.defaults("https://ehr.example.org/fhir")
                .withAuth(new FhirSinkSettings.AuthSettings(
                        AuthMode.BEARER,
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        "system/*.write"));
        var notAKey = FhirSinkSettings.defaults("https://ehr.example.org/fhir")
                .withAuth(FhirSinkSettings.AuthSettings.smart(
                        "https://ehr.example.org/token",
                        "ohe",
                        "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----",
                        null,
                        "system/*.write"));

        var e = assertThrows(
                IllegalArgumentException.class, () -> FhirPublisherFactory.create(missingToken, SinkFixtures.CLOCK));
        assertTrue(e.getMessage().contains("bearer-token"), e.getMessage());
        var k = assertThrows(
                IllegalArgumentException.class, () -> FhirPublisherFactory.create(notAKey, SinkFixtures.CLOCK));
        assertFalse(k.getMessage().contains("AAAA"), k.getMessage());
    }

    @Test
    void retryAfterIsReadAsSecondsOrAsAnHttpDate() {
        assertEquals(Optional.of(Duration.ofSeconds(120)), RateLimits.retryAfter("120", SinkFixtures.CLOCK));
        assertEquals(
                Optional.of(Duration.ofSeconds(30)),
                RateLimits.retryAfter("Mon, 15 Jan 2024 07:30:30 GMT", SinkFixtures.CLOCK));
        assertEquals(Optional.empty(), RateLimits.retryAfter("soon", SinkFixtures.CLOCK));
    }
}
