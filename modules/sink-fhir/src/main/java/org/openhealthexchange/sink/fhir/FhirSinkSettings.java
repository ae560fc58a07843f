package org.openhealthexchange.sink.fhir;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.openhealthexchange.sink.fhir.FhirSinkConfig.AuthMode;
import org.openhealthexchange.sink.fhir.FhirSinkConfig.PatientMode;

/** The sink's configuration as plain values, so everything but the CDI bean is testable without Quarkus. */
public record FhirSinkSettings(
        boolean enabled,
        Optional<String> baseUrl,
        int batchSize,
        String patientIdentifierSystem,
        PatientMode patientMode,
        AuthSettings auth,
        int maxAttempts,
        Duration backoffBase,
        Duration requestTimeout,
        boolean updateExisting) {

    public FhirSinkSettings {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(patientIdentifierSystem, "patientIdentifierSystem");
        Objects.requireNonNull(patientMode, "patientMode");
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(backoffBase, "backoffBase");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        if (batchSize < 1) {
            throw new IllegalArgumentException("ohe.sink.fhir.batch-size must be at least 1");
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("ohe.sink.fhir.max-attempts must be at least 1");
        }
    }

    /** Settings with {@code update-existing} at its default ({@code true}). */
    public FhirSinkSettings(
            boolean enabled,
            Optional<String> baseUrl,
            int batchSize,
            String patientIdentifierSystem,
            AuthSettings auth,
            int maxAttempts,
            Duration backoffBase,
            Duration requestTimeout) {
        this(
                enabled,
                baseUrl,
                batchSize,
                patientIdentifierSystem,
                PatientMode.ENSURE,
                auth,
                maxAttempts,
                backoffBase,
                requestTimeout,
                true);
    }

    public static FhirSinkSettings from(FhirSinkConfig config) {
        var smart = config.auth().smart();
        return new FhirSinkSettings(
                config.enabled(),
                config.baseUrl(),
                config.batchSize(),
                config.patientIdentifierSystem(),
                config.patientMode(),
                new AuthSettings(
                        config.auth().mode(),
                        config.auth().bearerToken(),
                        smart.tokenUrl(),
                        smart.clientId(),
                        smart.privateKeyPem(),
                        smart.keyId(),
                        smart.scope()),
                config.maxAttempts(),
                config.initialBackoff(),
                config.requestTimeout(),
                config.updateExisting());
    }

    /** Settings for an unauthenticated EHR at {@code baseUrl} with the documented defaults (tests, local runs). */
    public static FhirSinkSettings defaults(String baseUrl) {
        return new FhirSinkSettings(
                true,
                Optional.of(baseUrl),
                100,
                "urn:ohe:ehr-user-id",
                AuthSettings.none(),
                4,
                Duration.ofMillis(500),
                Duration.ofSeconds(30));
    }

    public FhirSinkSettings withAuth(AuthSettings newAuth) {
        return new FhirSinkSettings(
                enabled,
                baseUrl,
                batchSize,
                patientIdentifierSystem,
                patientMode,
                newAuth,
                maxAttempts,
                backoffBase,
                requestTimeout,
                updateExisting);
    }

    public FhirSinkSettings withBatchSize(int newBatchSize) {
        return new FhirSinkSettings(
                enabled,
                baseUrl,
                newBatchSize,
                patientIdentifierSystem,
                patientMode,
                auth,
                maxAttempts,
                backoffBase,
                requestTimeout,
                updateExisting);
    }

    /** The same settings with {@code update-existing} set (see {@link FhirSinkConfig#updateExisting()}). */
    public FhirSinkSettings withUpdateExisting(boolean newUpdateExisting) {
        return new FhirSinkSettings(
                enabled,
                baseUrl,
                batchSize,
                patientIdentifierSystem,
                patientMode,
                auth,
                maxAttempts,
                backoffBase,
                requestTimeout,
                newUpdateExisting);
    }

    /** The same settings with another way of finding the patient (see {@link FhirSinkConfig#patientMode()}). */
    public FhirSinkSettings withPatientMode(PatientMode newMode) {
        return new FhirSinkSettings(
                enabled,
                baseUrl,
                batchSize,
                patientIdentifierSystem,
                newMode,
                auth,
                maxAttempts,
                backoffBase,
                requestTimeout,
                updateExisting);
    }

    /** Authorization settings; {@link #toString()} names which secrets are set, never their text. */
    public record AuthSettings(
            AuthMode mode,
            Optional<String> bearerToken,
            Optional<String> tokenUrl,
            Optional<String> clientId,
            Optional<String> privateKeyPem,
            Optional<String> keyId,
            String scope) {

        public AuthSettings {
            Objects.requireNonNull(mode, "mode");
            Objects.requireNonNull(bearerToken, "bearerToken");
            Objects.requireNonNull(tokenUrl, "tokenUrl");
            Objects.requireNonNull(clientId, "clientId");
            Objects.requireNonNull(privateKeyPem, "privateKeyPem");
            Objects.requireNonNull(keyId, "keyId");
            Objects.requireNonNull(scope, "scope");
        }

        public static AuthSettings none() {
            return new AuthSettings(
                    AuthMode.NONE,
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    "system/*.write");
        }

        public static AuthSettings bearer(String token) {
            return new AuthSettings(
                    AuthMode.BEARER,
                    Optional.of(token),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    "system/*.write");
        }

        public static AuthSettings smart(
                String tokenUrl, String clientId, String privateKeyPem, String keyId, String scope) {
            return new AuthSettings(
                    AuthMode.SMART,
                    Optional.empty(),
                    Optional.of(tokenUrl),
                    Optional.of(clientId),
                    Optional.of(privateKeyPem),
                    Optional.ofNullable(keyId),
                    scope);
        }

        @Override
        public String toString() {
            return "AuthSettings[mode=" + mode + ", bearerToken=" + redacted(bearerToken) + ", tokenUrl="
                    + tokenUrl.orElse("-") + ", clientId=" + clientId.orElse("-") + ", privateKeyPem="
                    + redacted(privateKeyPem) + ", keyId=" + keyId.orElse("-") + ", scope=" + scope + "]";
        }

        private static String redacted(Optional<String> secret) {
            return secret.isPresent() ? "***" : "-";
        }
    }
}
