package org.openhealthexchange.provider.calldoc;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Optional;
import org.openhealthexchange.core.http.RetryConfig;
import org.openhealthexchange.core.http.RetryPolicy;

/**
 * Configuration of the CallDoc adapter ({@code ohe.provider.calldoc.*}). CallDoc is read only and sits inside the
 * practice network, so there are no credentials: the base URL is all it takes.
 */
@ConfigMapping(prefix = "ohe.provider.calldoc")
public interface CallDocConfig extends RetryConfig {

    /** Whether the adapter works at all; when false every fetch is refused. */
    @WithDefault("true")
    boolean enabled();

    /** Base URL of CallDoc (the part before {@code /api/v1/frontend/}); point it at the sandbox locally. No default. */
    Optional<String> baseUrl();

    /**
     * Names this CallDoc installation (the practice) in every identifier OHE writes for its data
     * ({@code urn:ohe:calldoc:<kind>|<installation-id>:<CallDoc id>}), so two practices' patient numbers and
     * appointment ids can never meet in one EHR. Set one per practice and never change it.
     */
    @WithDefault("default")
    String installationId();

    /** Connect and response timeout of one CallDoc call. */
    @WithDefault("PT10S")
    Duration timeout();

    /**
     * Attempts per call when CallDoc answers 5xx or 429 or cannot be reached (1 = no retry; 0 counts as 1). The
     * retry keys are the platform's {@link RetryConfig} under CallDoc's historic names.
     */
    @Override
    @WithDefault("3")
    int maxAttempts();

    /** Cap of the first jittered wait before a retry; doubled before each further one. */
    @Override
    @WithName("retry-backoff")
    @WithDefault("PT0.2S")
    Duration initialBackoff();

    /** Largest cap of a wait between two attempts. */
    @Override
    @WithName("retry-max-backoff")
    @WithDefault("PT5S")
    Duration maxBackoff();

    /** Longest total wait between the attempts of one call; a longer {@code Retry-After} fails the call. */
    @Override
    @WithName("retry-budget")
    @WithDefault("PT60S")
    Duration budget();

    @Override
    default RetryPolicy policy() {
        return new RetryPolicy(Math.max(1, maxAttempts()), initialBackoff(), maxBackoff(), budget());
    }

    /** Patient look-ups ({@code patient_search}) in flight at once while reading a full day. */
    @WithDefault("8")
    int patientLookupConcurrency();

    /**
     * The practice's time zone: CallDoc's days ({@code from_date}) are its calendar days, and a
     * {@code scheduled_for_datetime} without an offset is its wall-clock time. Times with an offset or {@code Z} are
     * exact and do not depend on it.
     */
    @WithDefault("Europe/Berlin")
    ZoneId practiceZone();

    /** Appointment type fetched when a caller names none (24 = Herzkatheter). */
    @WithDefault("24")
    int defaultAppointmentTypeId();
}
