package org.openhealthexchange.sandbox;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.OptionalInt;

/**
 * Configuration of the vendor and EHR simulators served under {@code /sandbox/}. Everything is off unless
 * {@code ohe.sandbox.enabled=true} (the local profile and tests); the defaults reproduce the vendors' own rules.
 */
@ConfigMapping(prefix = "ohe.sandbox")
public interface SandboxConfig {

    /** Whether the simulators answer at all; when false every {@code /sandbox/} path is 404 (the prod setting). */
    @WithDefault("false")
    boolean enabled();

    /** The Withings simulator ({@code /sandbox/withings}). */
    Withings withings();

    /** The FHIR R4 EHR simulator ({@code /sandbox/fhir}). */
    Fhir fhir();

    /** The CallDoc simulator ({@code /sandbox/calldoc}). */
    CallDoc calldoc();

    /**
     * Random faults on every simulator's data calls ({@code ohe.sandbox.faults.*}), in each vendor's own error format;
     * changeable at run time through {@code /sandbox/faults}.
     */
    RandomFaults faults();

    /** Random per-call faults on the vendors' data calls (never on OAuth token endpoints or subscriptions). */
    interface RandomFaults {
        /** Share of data calls that fail, 0..1 (0.2 = one in five); 0 = off. */
        @WithDefault("0")
        double rate();

        /** Per-vendor rates overriding {@link #rate()}: keys {@code withings}, {@code google-health}, {@code fitbit}, {@code calldoc}. */
        java.util.Map<String, Double> vendors();

        /** Seed of the random draws: one sequence of calls always meets the same faults. */
        @WithDefault("1")
        long seed();

        /** Seconds an injected 429 asks to wait ({@code Retry-After}, Fitbit's {@code Fitbit-Rate-Limit-Reset}). */
        @WithDefault("1")
        int retryAfterSeconds();
    }

    /** The CallDoc simulator: deterministic appointments per day, the pinned examples of the seed, faults. */
    interface CallDoc {
        /** Appointments of type 24 on each open day; other types get a quarter of it. The bench sets 1000. */
        @WithDefault("12")
        int appointmentsPerDay();

        /** Days the practice is closed besides weekends ({@code MM-dd}); the seed's 2025-12-31 is one. */
        @WithDefault("12-24,12-25,12-26,12-31,01-01")
        java.util.List<String> closedDays();

        /**
         * Appointments that always exist ({@code yyyy-MM-dd:type:piz}), replacing the first generated one of that day:
         * the seed's own example is piz 1698369 on 2025-10-06.
         */
        @WithDefault("2025-10-06:24:1698369")
        java.util.List<String> pinned();

        /** HTTP status to answer every CallDoc call with from startup on (e.g. 503). */
        OptionalInt httpStatus();

        /** Delay added before every CallDoc answer. */
        @WithDefault("PT0S")
        Duration latency();
    }

    /** The Withings simulator: the one registered partner application, token rules, notifications, data, faults. */
    interface Withings {
        /** The client id of the only partner application the simulator knows. */
        @WithDefault("sandbox-client")
        String clientId();

        /** The client secret of that application. */
        @WithDefault("sandbox-secret")
        String clientSecret();

        /** The Withings user id the authorize page hands out first (then counts up), unless sandbox_userid is given. */
        @WithDefault("10000001")
        long firstUserId();

        /** Lifetimes of codes and tokens; the defaults are Withings' own (30 s, 3 h, 8 h). */
        Tokens tokens();

        /** Notification subscriptions and the callbacks the simulator makes ({@code ohe.sandbox.withings.notify.*}). */
        @WithName("notify")
        Notify notifications();

        /** Shape and volume of the generated data. */
        Data data();

        /** Faults applied to data calls from startup on (the control endpoint can set more at run time). */
        Faults faults();
    }

    /** Lifetimes of authorization codes and tokens. */
    interface Tokens {
        /** How long an authorization code can be exchanged (once). */
        @WithDefault("PT30S")
        Duration codeLifetime();

        /** How long an access token is accepted. */
        @WithDefault("PT3H")
        Duration accessTokenLifetime();

        /** How long a rotated refresh token stays usable, unless the access token issued with its successor is used. */
        @WithDefault("PT8H")
        Duration rotatedRefreshGrace();
    }

    /** Notification subscriptions. */
    interface Notify {
        /** Send a HEAD to the callback URL at subscribe time and refuse the subscription unless it answers 2xx. */
        @WithDefault("true")
        boolean verifyCallback();

        /** Connect and response timeout of the HEAD check and of each notification POST. */
        @WithDefault("PT5S")
        Duration callbackTimeout();
    }

    /** The deterministic data every user has. */
    interface Data {
        /** First day that has data; every user has data from this day up to now (nothing in the future). */
        @WithDefault("2025-01-01")
        LocalDate historyStart();

        /** The users' time zone: decides day boundaries and is reported in the {@code timezone} fields. */
        @WithDefault("Europe/Berlin")
        ZoneId timezone();

        /** Rows per page of getmeas, getactivity, heart list and sleep getsummary ({@code more}/{@code offset}). */
        @WithDefault("100")
        int pageSize();

        /** An ECG is recorded every this many days. */
        @WithDefault("3")
        int ecgIntervalDays();

        /** Length of each ECG recording in seconds. */
        @WithDefault("10")
        int ecgSeconds();

        /** Sampling frequency of the ECG signal in Hz (ScanWatch: 300, BPM Core: 500). */
        @WithDefault("300")
        int ecgSamplingFrequency();

        /** Percentage of intraday minutes without a heart-rate sample (the watch was off the wrist). */
        @WithDefault("3")
        int intradayGapPercent();
    }

    /** A fault applied to the next {@code count} data calls from startup on. */
    interface Faults {
        /** Withings status to answer (HTTP 200 with this {@code status}), e.g. 601 (too many requests) or 401. */
        OptionalInt status();

        /** HTTP status to answer instead of a Withings envelope, e.g. 503. */
        OptionalInt httpStatus();

        /** Delay added before answering. */
        @WithDefault("PT0S")
        Duration latency();

        /** How many data calls the fault applies to; negative means every call. */
        @WithDefault("-1")
        int count();
    }

    /** The FHIR R4 EHR simulator. */
    interface Fhir {
        /**
         * What a conditional reference ({@code Patient?identifier=sys|val}) that matches no resource becomes:
         * {@code placeholder} creates a Patient (or other target) carrying that identifier, as HAPI's JPA server does
         * with auto-created placeholder targets (off on a stock HAPI server); {@code strict} (default, as a stock HAPI
         * JPA server: no placeholder targets, referential integrity on write) rejects the write.
         */
        @WithDefault("strict")
        ConditionalReferences conditionalReferences();

        /** Search results per page when the request gives no {@code _count}. */
        @WithDefault("100")
        int defaultPageSize();

        /** Largest {@code _count} honoured. */
        @WithDefault("1000")
        int maxPageSize();
    }

    /** Handling of conditional references that match nothing. */
    enum ConditionalReferences {
        /** Create a placeholder target carrying the searched identifier. */
        PLACEHOLDER,
        /** Reject the write (422). */
        STRICT
    }
}
