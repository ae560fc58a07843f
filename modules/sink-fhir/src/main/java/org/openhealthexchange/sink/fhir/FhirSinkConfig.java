package org.openhealthexchange.sink.fhir;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;
import java.util.Optional;
import org.openhealthexchange.core.http.RetryConfig;
import org.openhealthexchange.sink.fhir.client.RetryingCalls;

/** Configuration of the EHR sink ({@code ohe.sink.fhir.*}): where the FHIR R4 server is and how to talk to it. */
@ConfigMapping(prefix = "ohe.sink.fhir")
public interface FhirSinkConfig extends RetryConfig {

    /** Whether the sink publishes at all; a disabled sink reports every record as failed. */
    @WithDefault("true")
    boolean enabled();

    /** FHIR R4 base URL of the EHR, e.g. {@code https://ehr.example.org/fhir}; required to publish. */
    Optional<String> baseUrl();

    /** Most resources in one transaction Bundle; larger batches are split into several transactions. */
    @WithDefault("100")
    int batchSize();

    /**
     * Whether corrections reach the EHR. {@code true} (default): Observations and Devices, the resources OHE owns
     * under its own identifier ({@code urn:ohe:<provider>:<kind>|<source id>}), are sent as conditional updates
     * ({@code PUT Observation?identifier=<system>|<value>}): the first send creates the resource, a re-send of the
     * same content leaves it alone (a FHIR server such as HAPI's detects the no-op) and a vendor's corrected value
     * replaces it under the same id as a new version. So are a practice's Patients and Appointments (a reschedule,
     * a cancellation, changed demographics). The EHR user's Patient, which the EHR owns, is only ever created.
     * A conditional update whose match belongs to another patient is refused, never applied.
     * {@code false}: every resource is a conditional create, so the first value sent is kept forever.
     */
    @WithDefault("true")
    boolean updateExisting();

    /** Identifier system under which the EHR knows OHE's {@code ehr_user_id} ({@code Patient?identifier=…}). */
    @WithDefault("urn:ohe:ehr-user-id")
    String patientIdentifierSystem();

    /**
     * How the EHR user's Patient is found. {@code ensure} (default): looked up by {@code patient-identifier-system}
     * and, when the EHR has none, created in the same transaction (a conditional create), so references resolve on a
     * stock server. {@code existing}: the EHR must already hold it under {@code patient-identifier-system}; a missing
     * one fails the batch with an error that says so. {@code literal}: {@code ehr_user_id} is the EHR's Patient id
     * ({@code Patient/<ehr_user_id>}).
     */
    @WithDefault("ensure")
    PatientMode patientMode();

    /** How requests to the EHR are authorized. */
    Auth auth();

    /**
     * Attempts per Bundle for 429, 5xx and I/O errors (the first try included). The retry keys are the platform's
     * {@link RetryConfig} under the sink's historic names.
     */
    @Override
    @WithDefault("4")
    int maxAttempts();

    /** Wait before the second attempt; doubles with each further attempt unless the server sends Retry-After. */
    @Override
    @WithName("backoff-base")
    @WithDefault("PT0.5S")
    Duration initialBackoff();

    /** Not configurable: no wait of the EHR's is longer than two minutes. */
    @Override
    default Duration maxBackoff() {
        return RetryingCalls.MAX_WAIT;
    }

    /** Not configurable: a request waits at most two minutes in all; beyond, the sync job retries later. */
    @Override
    default Duration budget() {
        return RetryingCalls.MAX_WAIT;
    }

    /** Connect and read timeout of one request to the EHR (and to its token endpoint). */
    @WithDefault("PT30S")
    Duration requestTimeout();

    /** Authorization towards the EHR. */
    interface Auth {

        /** {@code none}, {@code bearer} (a static token) or {@code smart} (SMART Backend Services). */
        @WithDefault("none")
        AuthMode mode();

        /** The static token for {@code mode=bearer}; a secret, never logged. */
        Optional<String> bearerToken();

        /** SMART Backend Services client credentials for {@code mode=smart}. */
        Smart smart();
    }

    /** SMART Backend Services: a client_credentials grant authenticated by a JWT signed with OHE's private key. */
    interface Smart {

        /** The EHR's token endpoint (also the {@code aud} of the client assertion). */
        Optional<String> tokenUrl();

        /** The client id the EHR registered for OHE ({@code iss} and {@code sub} of the assertion). */
        Optional<String> clientId();

        /** OHE's RSA private key as PKCS#8 PEM ({@code -----BEGIN PRIVATE KEY-----}); a secret, never logged. */
        Optional<String> privateKeyPem();

        /** {@code kid} of the key in the JWK Set OHE registered with the EHR. */
        Optional<String> keyId();

        /** Scopes requested with the token. */
        @WithDefault("system/*.write")
        String scope();
    }

    /** How the sink finds the EHR user's Patient (see {@link #patientMode()}). */
    enum PatientMode {
        ENSURE,
        EXISTING,
        LITERAL
    }

    /** How the sink authorizes its requests. */
    enum AuthMode {
        NONE,
        BEARER,
        SMART
    }
}
