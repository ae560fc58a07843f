-- Acknowledging a notification is one insert into the inbox; the parsed facts travel with the row so that the
-- dispatcher never parses again, and the dispatcher finds undelivered rows through a small partial index.
ALTER TABLE webhook_event ADD COLUMN external_user_id VARCHAR(128);
ALTER TABLE webhook_event ADD COLUMN window_start TIMESTAMPTZ;
ALTER TABLE webhook_event ADD COLUMN window_end TIMESTAMPTZ;
ALTER TABLE webhook_event ADD COLUMN types VARCHAR(512) NOT NULL DEFAULT '';
ALTER TABLE webhook_event ADD COLUMN dispatched_at TIMESTAMPTZ;
CREATE INDEX webhook_event_received ON webhook_event (id) WHERE status = 'received';
