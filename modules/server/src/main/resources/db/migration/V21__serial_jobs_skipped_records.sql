-- One publisher per subject: jobs that share a serial key (the EHR user they write to) never run at once, so two
-- writes of one identifier can never race at the EHR (HAPI duplicates racing conditional updates).
ALTER TABLE sync_job ADD COLUMN serial_key VARCHAR(255);
CREATE INDEX sync_job_serial_running ON sync_job (serial_key) WHERE status = 'running' AND serial_key IS NOT NULL;

-- Records a sink has no representation for (a vendor value without a code): counted and named, never a failure.
ALTER TABLE sync_run ADD COLUMN records_skipped INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sync_run ADD COLUMN skipped JSONB NOT NULL DEFAULT '[]'::jsonb;
