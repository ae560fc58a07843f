-- The durable job queue. A job is claimed with FOR UPDATE SKIP LOCKED and leased to one worker until locked_until.
CREATE TABLE sync_job (
    id            BIGSERIAL PRIMARY KEY,
    job_type      VARCHAR(64)  NOT NULL,
    provider      VARCHAR(32),
    ehr_user_id   VARCHAR(128),
    subject       VARCHAR(255),
    window_start  TIMESTAMPTZ,
    window_end    TIMESTAMPTZ,
    payload       JSONB        NOT NULL DEFAULT '{}'::jsonb,
    dedup_key     VARCHAR(255),
    status        VARCHAR(16)  NOT NULL DEFAULT 'pending'
                  CHECK (status IN ('pending', 'running', 'succeeded', 'dead')),
    attempts      INTEGER      NOT NULL DEFAULT 0,
    max_attempts  INTEGER      NOT NULL CHECK (max_attempts > 0),
    run_after     TIMESTAMPTZ  NOT NULL DEFAULT now(),
    locked_by     VARCHAR(128),
    locked_until  TIMESTAMPTZ,
    last_error    TEXT,
    created_at    TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at    TIMESTAMPTZ  NOT NULL DEFAULT now(),
    finished_at   TIMESTAMPTZ
);

-- One job per dedup key (provider + subject + window, or a vendor notification's identity).
CREATE UNIQUE INDEX sync_job_dedup_key ON sync_job (dedup_key) WHERE dedup_key IS NOT NULL;
-- The claim scans only ready rows.
CREATE INDEX sync_job_ready ON sync_job (run_after, id) WHERE status = 'pending';
-- Lease recovery scans only running rows.
CREATE INDEX sync_job_leases ON sync_job (locked_until) WHERE status = 'running';
CREATE INDEX sync_job_user ON sync_job (ehr_user_id, id DESC);
CREATE INDEX sync_job_finished ON sync_job (finished_at) WHERE status IN ('succeeded', 'dead');
