package org.openhealthexchange.provider.calldoc.tasks;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** The CallDoc → SQLHK task API ({@code /api/sync/*}, {@code ohe.provider.calldoc.tasks.*}). */
@ConfigMapping(prefix = "ohe.provider.calldoc.tasks")
public interface CallDocTasksConfig {

    /** Tasks running at once across the cluster (the job engine's group limit); the rest wait as pending. */
    @WithDefault("4")
    int maxRunning();

    /** A task running longer than this fails with the seed's timeout error (the job's deadline). */
    @WithDefault("PT60S")
    Duration timeout();

    /** How long a task stays visible after it ended; then status answers 404 and the job is deleted. */
    @WithDefault("PT5M")
    Duration retention();

    /**
     * Attempts of one task: a task whose node crashed (its lease ran out) runs again on another node while attempts
     * remain; a task that fails by itself is never retried.
     */
    @WithDefault("2")
    int maxAttempts();

    /** The sink whose outcome makes a task's result ({@code sqlhk_sync}, the counts); the others get copies. */
    @WithDefault("sqlhk")
    String primarySink();

    /** Rows per SQLHK transaction of a full-day sync (progress is reported per chunk). */
    @WithDefault("500")
    int dayChunkSize();

    /**
     * Secret that signs completion callbacks ({@code webhook_url}) per Standard Webhooks, as {@code whsec_<base64>}
     * or plain text (env {@code OHE_CALLDOC_WEBHOOK_SECRET}). Without it callbacks carry no signature.
     */
    Optional<String> webhookSecret();

    /**
     * Whether completion callbacks carry the whole status document, with the patient's name and date of birth and
     * the failure texts; by default they carry what the caller sent, the task's status and counts only.
     */
    @WithDefault("false")
    boolean callbackPatientData();
}
