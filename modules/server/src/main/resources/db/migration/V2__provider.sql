-- Providers known to this deployment: one row per adapter module, written at start-up, ids stable across restarts.
CREATE TABLE provider (
    id             BIGSERIAL PRIMARY KEY,
    provider_type  VARCHAR(32)  NOT NULL UNIQUE,
    name           VARCHAR(128) NOT NULL,
    active         BOOLEAN      NOT NULL DEFAULT TRUE,
    created_at     TIMESTAMPTZ  NOT NULL DEFAULT now()
);
