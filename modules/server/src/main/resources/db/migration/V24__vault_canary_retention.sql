-- The vault canary: one known plaintext per key id, encrypted with that key when it first encrypted on this
-- database. Start-up decrypts it, so a wrong key under a known id fails the start instead of every later sync.
CREATE TABLE vault_canary (
    key_id      VARCHAR(64)  PRIMARY KEY,
    ciphertext  TEXT         NOT NULL,
    created_at  TIMESTAMPTZ  NOT NULL DEFAULT now()
);

-- Retention deletes finished inbox rows by age; the dispatcher's own index covers only rows still waiting.
CREATE INDEX webhook_event_finished ON webhook_event (received_at) WHERE status IN ('dispatched', 'ignored');
-- Retention deletes old runs; lease recovery and retention close runs left 'running' by a crashed attempt.
CREATE INDEX sync_run_started ON sync_run (started_at);
CREATE INDEX sync_run_running ON sync_run (job_id) WHERE status = 'running';
