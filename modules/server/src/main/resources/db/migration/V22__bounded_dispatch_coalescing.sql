-- Bounded notifications (issue 10, points 1 and 8).
--
-- A notification whose dispatch fails on its own (retried alone after its batch failed) counts the attempt and
-- waits before the next one; after the configured number of attempts it is 'quarantined': kept with its error,
-- never retried by itself, and the rest of the inbox keeps flowing.
ALTER TABLE webhook_event DROP CONSTRAINT IF EXISTS webhook_event_status_check;
ALTER TABLE webhook_event ADD CONSTRAINT webhook_event_status_check
    CHECK (status IN ('received', 'dispatched', 'ignored', 'quarantined'));
ALTER TABLE webhook_event ADD COLUMN dispatch_attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE webhook_event ADD COLUMN dispatch_error TEXT;
ALTER TABLE webhook_event ADD COLUMN dispatch_after TIMESTAMPTZ;
-- The sync jobs the last dispatch queued or merged into: a repeat of the notification is absorbed while one of
-- them is still pending, and reopens the row (reopened + 1, a new job generation) once that work has started.
ALTER TABLE webhook_event ADD COLUMN job_ids BIGINT[];
ALTER TABLE webhook_event ADD COLUMN reopened INTEGER NOT NULL DEFAULT 0;
CREATE INDEX webhook_event_quarantined ON webhook_event (id) WHERE status = 'quarantined';

-- Pending sync work of one link coalesces: a new trigger whose window overlaps or touches a pending job with the
-- same coalesce key (link, action, fetch mode) widens that job instead of adding one.
ALTER TABLE sync_job ADD COLUMN coalesce_key VARCHAR(255);
CREATE INDEX sync_job_coalesce ON sync_job (coalesce_key, window_start)
    WHERE status = 'pending' AND coalesce_key IS NOT NULL;
