-- Links between an EHR user and a vendor account; tokens are vault ciphertexts (key id prefix), never plaintext.
CREATE TABLE provider_link (
    id                   BIGSERIAL PRIMARY KEY,
    provider             VARCHAR(32)  NOT NULL,
    ehr_user_id          VARCHAR(128) NOT NULL,
    external_user_id     VARCHAR(128) NOT NULL,
    access_token_enc     TEXT,
    refresh_token_enc    TEXT,
    token_expires_at     TIMESTAMPTZ,
    scopes               VARCHAR(512),
    active               BOOLEAN      NOT NULL DEFAULT TRUE,
    deactivated_reason   VARCHAR(512),
    sync_cursor          VARCHAR(255),
    linked_at            TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at           TIMESTAMPTZ  NOT NULL DEFAULT now(),
    CONSTRAINT provider_link_user UNIQUE (provider, ehr_user_id)
);
-- A vendor account is linked to at most one active EHR user.
CREATE UNIQUE INDEX provider_link_external_active ON provider_link (provider, external_user_id) WHERE active;

-- Single-use authorization requests: state -> ehr_user_id, expiring.
CREATE TABLE oauth_state (
    state              VARCHAR(64)  PRIMARY KEY,
    provider           VARCHAR(32)  NOT NULL,
    ehr_user_id        VARCHAR(128) NOT NULL,
    code_verifier_enc  TEXT,
    redirect_uri       VARCHAR(512) NOT NULL,
    created_at         TIMESTAMPTZ  NOT NULL DEFAULT now(),
    expires_at         TIMESTAMPTZ  NOT NULL,
    used_at            TIMESTAMPTZ
);
CREATE INDEX oauth_state_expiry ON oauth_state (expires_at);

-- The webhook inbox: every verified notification, stored before it is acknowledged.
CREATE TABLE webhook_event (
    id           BIGSERIAL PRIMARY KEY,
    provider     VARCHAR(32)  NOT NULL,
    dedup_key    VARCHAR(255) NOT NULL,
    received_at  TIMESTAMPTZ  NOT NULL DEFAULT now(),
    content_type VARCHAR(128),
    body         BYTEA        NOT NULL,
    status       VARCHAR(16)  NOT NULL DEFAULT 'received'
                 CHECK (status IN ('received', 'dispatched', 'ignored')),
    deliveries   INTEGER      NOT NULL DEFAULT 1,
    detail       VARCHAR(512),
    CONSTRAINT webhook_event_dedup UNIQUE (provider, dedup_key)
);

-- One row per sync attempt of a link: what the status endpoints report.
CREATE TABLE sync_run (
    id                 BIGSERIAL PRIMARY KEY,
    job_id             BIGINT,
    provider           VARCHAR(32)  NOT NULL,
    ehr_user_id        VARCHAR(128) NOT NULL,
    link_id            BIGINT       NOT NULL REFERENCES provider_link (id),
    trigger            VARCHAR(16)  NOT NULL,
    window_start       TIMESTAMPTZ  NOT NULL,
    window_end         TIMESTAMPTZ  NOT NULL,
    status             VARCHAR(16)  NOT NULL CHECK (status IN ('running', 'completed', 'failed')),
    records_fetched    INTEGER      NOT NULL DEFAULT 0,
    records_synced     INTEGER      NOT NULL DEFAULT 0,
    records_failed     INTEGER      NOT NULL DEFAULT 0,
    errors             JSONB        NOT NULL DEFAULT '[]'::jsonb,
    started_at         TIMESTAMPTZ  NOT NULL DEFAULT now(),
    finished_at        TIMESTAMPTZ
);
CREATE INDEX sync_run_user ON sync_run (ehr_user_id, provider, id DESC);
