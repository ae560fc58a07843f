package org.openhealthexchange.server.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** All {@code ohe.*} configuration of the server. Environment variables map as usual ({@code OHE_JOBS_TIMEOUT}). */
@ConfigMapping(prefix = "ohe")
public interface OheConfig {

    Http http();

    Outbound outbound();

    Auth auth();

    Jobs jobs();

    Coordination coordination();

    RateLimit rateLimit();

    LocalPostgres localPostgres();

    Vault vault();

    Linking linking();

    Pipeline pipeline();

    Sync sync();

    /** Limits on what one vendor notification may ask for, and how the inbox is dispatched. */
    Notifications notifications();

    /**
     * Notification windows are clamped (a vendor's window is a hint, and one that spans decades must not become
     * thousands of jobs), the dispatcher works in bounded batches, and a notification that fails on its own is
     * quarantined after a few attempts.
     */
    interface Notifications {
        /** The longest window one notification syncs; a longer one keeps its most recent part. */
        @WithDefault("P7D")
        Duration maxSpan();

        /** How far past now a notification window may reach (vendor clocks drift); beyond is cut. */
        @WithDefault("PT5M")
        Duration clockSkew();

        /** Per-provider overrides ({@code ohe.notifications.providers.<provider>.max-span}). */
        Map<String, ProviderLimits> providers();

        /** Notifications one dispatcher batch (one transaction) takes at most. */
        @WithDefault("200")
        int batchSize();

        /**
         * Sync jobs one batch queues at most; the batch stops taking notifications once it reached this (the rest
         * wait for the next batch).
         */
        @WithDefault("2000")
        int maxJobsPerBatch();

        /** Statement timeout inside a dispatcher batch; a batch that hits it rolls back whole. */
        @WithDefault("PT30S")
        Duration statementTimeout();

        /** Attempts on its own after which a notification that cannot be dispatched is quarantined. */
        @WithDefault("3")
        int maxAttempts();

        /** Wait before a failed notification is tried again (times the attempts so far). */
        @WithDefault("PT10S")
        Duration retryDelay();

        /** One provider's limits. */
        interface ProviderLimits {
            /** Overrides {@link Notifications#maxSpan()} for this provider. */
            Optional<Duration> maxSpan();
        }
    }

    Retention retention();

    /** How long operational rows are kept (docs/OPERATIONS.md, "Retention"); one node runs each clean-up. */
    interface Retention {
        /** Cron (Quartz syntax, UTC) of the clean-up. */
        @WithDefault("0 45 3 * * ?")
        String cron();

        /**
         * Age (since receipt) after which dispatched or ignored inbox rows are deleted: the dedup horizon. A vendor
         * redelivery older than this is treated as a new notification. Rows still waiting are never deleted.
         */
        @WithDefault("P14D")
        Duration webhookEvents();

        /** Age after which finished sync runs are deleted; the newest run of each user and provider is kept. */
        @WithDefault("P90D")
        Duration syncRuns();

        /** How long after its expiry an authorization request ({@code oauth_state}) is deleted. */
        @WithDefault("P1D")
        Duration oauthStates();

        /** A run still {@code running} after this is closed as failed (at least twice the job lease). */
        @WithDefault("PT1H")
        Duration stuckRunAfter();

        /** Rows deleted per transaction. */
        @WithDefault("1000")
        int batchSize();

        /** Rows deleted at most per table and run (the rest waits for the next run). */
        @WithDefault("100000")
        int maxRowsPerRun();
    }

    /** The sync schedules (Quartz cron, UTC; each firing runs on one node). */
    interface Sync {
        /** Daily incremental sync of every active link. */
        @WithDefault("0 0 6 * * ?")
        String dailyCron();

        /** Weekly reconciliation of the last seven days. */
        @WithDefault("0 0 6 ? * SUN")
        String weeklyCron();

        /**
         * Pending sync work of one link coalesces: a trigger whose window overlaps a pending job's, or lies at most
         * this far from it, widens that job (within the provider's chunk) instead of adding one. Zero merges only
         * overlapping and touching windows.
         */
        @WithDefault("PT1H")
        Duration coalesceGap();
    }

    /** Encryption of secrets at rest (AES-256-GCM). */
    interface Vault {
        /**
         * Keys as {@code <id>:<base64 of 32 bytes>}, comma separated (env {@code OHE_VAULT_KEYS}); the first encrypts,
         * all decrypt, so a key rotates by putting a new one first.
         */
        Optional<List<String>> keys();

        /** Local profile only: a file holding a generated key, used when {@link #keys()} is empty. */
        Optional<String> localKeyFile();

        /** How often values still under a rotated-out key are re-encrypted with the active key (one node per run). */
        @WithDefault("PT10M")
        Duration reencryptEvery();

        /** Values re-encrypted per transaction. */
        @WithDefault("200")
        int reencryptBatchSize();

        /** Values re-encrypted at most per run (the rest waits for the next run). */
        @WithDefault("10000")
        int reencryptMaxPerRun();
    }

    /** Account linking (OAuth) of end users. */
    interface Linking {
        /** Public base URL of this service, used for OAuth callbacks and vendor notification URLs. */
        @WithDefault("http://localhost:8080")
        String publicBaseUrl();

        /** How long an authorization request (its {@code state}) stays valid. */
        @WithDefault("PT10M")
        Duration stateTtl();

        /** Where the browser goes after a successful link ({@code ?provider=&ehr_user_id=} appended); empty: a page. */
        Optional<String> successRedirectUrl();

        /** Days of history fetched right after a new link. */
        @WithDefault("30")
        int backfillDays();

        /** Refresh an access token this long before it expires. */
        @WithDefault("PT5M")
        Duration refreshSkew();
    }

    /** What the sync pipeline does with fetched records. */
    interface Pipeline {
        /** Sinks that each provider publishes to ({@code ohe.pipeline.sinks.calldoc=sqlhk}). */
        Map<String, List<String>> sinks();

        /** Sinks of a provider that {@code sinks} does not name ({@code ohe.pipeline.default-sinks}). */
        List<String> defaultSinks();

        /** Records handed to the sinks at once. */
        @WithDefault("200")
        int batchSize();
    }

    /** Which URLs OHE calls on a caller's behalf (e.g. a task's {@code webhook_url}); see OutboundPolicy. */
    interface Outbound {
        /** Whether plain http is allowed (only for local and test runs: callbacks carry patient data). */
        @WithDefault("false")
        boolean allowHttp();

        /** Deliberate internal targets: {@code host}, {@code host:port} or a CIDR ({@code 10.1.0.0/16}). */
        Optional<List<String>> allowHosts();
    }

    /** HTTP conventions applied to every endpoint. */
    interface Http {
        /** Largest accepted request body in bytes; larger ones get 413 in the error envelope. */
        @WithDefault("1048576")
        long maxBodySize();

        /** API versions accepted in {@code Accept: application/json; version=N}; others get 406. */
        @WithDefault("1")
        List<Integer> supportedVersions();

        /**
         * Longest accepted request target (path and query, as sent) in characters; longer ones get 414 in the error
         * envelope. Must stay below {@code quarkus.http.limits.max-initial-line-length}, which Vert.x enforces
         * without the envelope.
         */
        @WithDefault("8192")
        int maxUriLength();

        /**
         * Largest accepted header block (names, values and separators) in bytes; larger ones get 431 in the error
         * envelope. Must stay below {@code quarkus.http.limits.max-header-size}.
         */
        @WithDefault("16384")
        int maxHeaderSize();

        /** Longest accepted query parameter value without a tighter rule of its own (InputRules). */
        @WithDefault("2048")
        int maxParameterLength();

        /**
         * Time a client has to send the whole body once the headers arrived; a slower upload gets 408 in the error
         * envelope and the connection is closed.
         */
        @WithDefault("PT30S")
        Duration bodyTimeout();
    }

    /** Bearer-token authentication of integrator endpoints. */
    interface Auth {
        /** Whether integrator endpoints require a valid OIDC bearer token (off only in the local profile). */
        @WithDefault("true")
        boolean enabled();

        /** Token claim (string or array) listing the ehr_user_id values the caller may act for; {@code *} = all. */
        @WithDefault("ehr_user_ids")
        String ehrUserClaim();
    }

    /** The durable job queue ({@code sync_job}) and its workers. */
    interface Jobs {
        /** Whether this node runs workers that claim jobs (enqueueing always works). */
        @WithDefault("true")
        boolean enabled();

        /** Jobs this node runs at once. */
        @WithDefault("4")
        int workerThreads();

        /** Pause between polls when the queue was empty. */
        @WithDefault("PT0.5S")
        Duration pollInterval();

        /** Attempts before a job is dead-lettered (status {@code dead}). */
        @WithDefault("5")
        int maxAttempts();

        /** Delay before the first retry; doubles with each attempt. */
        @WithDefault("PT10S")
        Duration backoffBase();

        /** Longest delay between two attempts. */
        @WithDefault("PT1H")
        Duration backoffMax();

        /** Longest a job may run; past it the job is interrupted and counts as a failed attempt. */
        @WithDefault("PT5M")
        Duration timeout();

        /**
         * Extra time on top of {@link #timeout()} before another node may take over a job whose worker vanished
         * (crash, network partition).
         */
        @WithDefault("PT30S")
        Duration leaseGrace();

        /**
         * The lease of a job with a deadline (a provider's task): its worker renews it every {@link #leaseRenewal()}
         * while the job runs, so a crashed node's job runs again elsewhere after this long, well before its deadline.
         */
        @WithDefault("PT30S")
        Duration deadlineLease();

        /** How often a worker renews the leases of the jobs with a deadline it runs; shorter than the lease. */
        @WithDefault("PT10S")
        Duration leaseRenewal();

        /** How long finished (succeeded or dead) jobs are kept before the retention schedule deletes them. */
        @WithDefault("P14D")
        Duration retention();

        /** Cron (Quartz syntax, UTC) of the retention clean-up. */
        @WithDefault("0 30 3 * * ?")
        String retentionCron();
    }

    /** Locks, rate-limit buckets and idempotency keys shared by all replicas. */
    interface Coordination {
        /** {@code redis}, {@code in-process} or {@code auto} (Redis when {@link #redisUrl()} is set). */
        @WithDefault("auto")
        String backend();

        /** Redis shared by all replicas, e.g. {@code redis://redis:6379} (env {@code OHE_REDIS_URL}). */
        Optional<String> redisUrl();

        /** Prefix of every Redis key OHE writes. */
        @WithDefault("ohe:")
        String keyPrefix();
    }

    /** Rate limits by endpoint category (the seed's table). */
    interface RateLimit {
        /** Whether limits are enforced. */
        @WithDefault("true")
        boolean enabled();

        /** Rules by category name ({@code provider-info}, {@code user-sync-status}, {@code device-sync}, {@code webhook}). */
        Map<String, Rule> rules();

        /** One category's limit. */
        interface Rule {
            /** Requests allowed per window. */
            int limit();

            /** The window. */
            @WithDefault("PT1M")
            Duration window();

            /** What a bucket is per: {@code ip}, {@code user} or {@code provider}. */
            @WithDefault("ip")
            String scope();
        }
    }

    /** The embedded PostgreSQL of the local profile (read before CDI starts, by LocalPostgresConfigSourceFactory). */
    interface LocalPostgres {
        /** Start an embedded PostgreSQL and point the datasource at it. */
        @WithDefault("false")
        boolean enabled();

        /** Its data directory, kept between runs. */
        @WithDefault(".local-data/postgres")
        String dataDir();

        /** Its port; 0 picks a free one. */
        @WithDefault("0")
        int port();
    }
}
