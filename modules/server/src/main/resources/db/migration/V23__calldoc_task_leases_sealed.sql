-- CallDoc tasks: crash recovery by lease instead of host name, and no patient data in plaintext at rest.
-- A running task is leased to one process (locked_by = its worker id, random per start) until locked_until; the
-- process renews the lease while the task runs, and any node fails a running task whose lease ran out.
ALTER TABLE calldoc_sync_task ADD COLUMN locked_until TIMESTAMPTZ;
-- Tasks an older version left running: their lease is their deadline, so they end as they would have.
UPDATE calldoc_sync_task SET locked_until = deadline WHERE status = 'running';
CREATE INDEX calldoc_sync_task_lease ON calldoc_sync_task (locked_until) WHERE status = 'running';
-- The result document and a failure's detail text, encrypted with the vault (AES-256-GCM): they carry the patient's
-- name and date of birth, and error texts of CallDoc or SQLHK can quote record values. New rows keep result NULL.
ALTER TABLE calldoc_sync_task ADD COLUMN sealed TEXT;
-- Delivered callbacks of older versions kept the status document (patient name, date of birth) in plaintext in
-- their job payload for ohe.jobs.retention; it is not needed after delivery.
UPDATE sync_job SET payload = payload - 'body' WHERE job_type = 'calldoc.callback' AND status = 'succeeded';
