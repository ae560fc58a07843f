-- One job engine (issue 11): what the CallDoc task API needed of its own table becomes a property of every job.
--   external_id    the id the submitter knows the job by (CallDoc: the seed's task id), unique while the row is kept
--   unique_key     held while the job is pending or running (CallDoc: one active task per day / per patient and day)
--   job_group, group_limit   at most group_limit jobs of a group run at once, cluster-wide (checked at claim time)
--   deadline_ms, deadline    how long one attempt may run, and when the current one must end
--   started_at     when the current (or last) attempt was claimed
--   progress_done, progress_total   what the handler last reported
--   result_sealed  the handler's result, encrypted with the vault (it may hold personal data)
--   failure        why a dead job failed: error | deadline | lease
--   retention_ms   how long the job stays visible after it finished (NULL: ohe.jobs.retention)
ALTER TABLE sync_job ADD COLUMN external_id VARCHAR(128);
ALTER TABLE sync_job ADD COLUMN unique_key VARCHAR(255);
ALTER TABLE sync_job ADD COLUMN job_group VARCHAR(64);
ALTER TABLE sync_job ADD COLUMN group_limit INTEGER CHECK (group_limit IS NULL OR group_limit > 0);
ALTER TABLE sync_job ADD COLUMN deadline_ms BIGINT;
ALTER TABLE sync_job ADD COLUMN deadline TIMESTAMPTZ;
ALTER TABLE sync_job ADD COLUMN started_at TIMESTAMPTZ;
ALTER TABLE sync_job ADD COLUMN progress_done INTEGER;
ALTER TABLE sync_job ADD COLUMN progress_total INTEGER;
ALTER TABLE sync_job ADD COLUMN result_sealed TEXT;
ALTER TABLE sync_job ADD COLUMN failure VARCHAR(16) CHECK (failure IS NULL OR failure IN ('error', 'deadline', 'lease'));
ALTER TABLE sync_job ADD COLUMN retention_ms BIGINT;

CREATE UNIQUE INDEX sync_job_external_id ON sync_job (external_id) WHERE external_id IS NOT NULL;
CREATE UNIQUE INDEX sync_job_unique_active ON sync_job (unique_key)
    WHERE unique_key IS NOT NULL AND status IN ('pending', 'running');
CREATE INDEX sync_job_group_running ON sync_job (job_group) WHERE status = 'running' AND job_group IS NOT NULL;
CREATE INDEX sync_job_short_retention ON sync_job (finished_at)
    WHERE retention_ms IS NOT NULL AND status IN ('succeeded', 'dead');

-- The CallDoc tasks move over: pending ones wait as jobs, ended ones stay visible for the rest of their retention
-- (their sealed document is the same vault ciphertext), running ones are failed as a stopped process would leave
-- them (their process is an older version that no longer renews their lease).
INSERT INTO sync_job (job_type, provider, payload, external_id, unique_key, job_group, group_limit, deadline_ms,
                      retention_ms, status, attempts, max_attempts, run_after, created_at, updated_at, started_at,
                      finished_at, progress_done, progress_total, result_sealed, failure, last_error)
SELECT 'calldoc.task', 'calldoc',
       jsonb_build_object('kind', kind, 'piz', piz, 'date', to_char(sync_date, 'YYYY-MM-DD'),
                          'appointment_type_id', appointment_type_id, 'webhook_url', webhook_url),
       task_id,
       CASE WHEN status = 'pending' THEN
           CASE WHEN kind = 'patient' THEN 'calldoc.patient:' || piz || ':' || sync_date || ':' || appointment_type_id
                ELSE 'calldoc.day:' || sync_date || ':' || appointment_type_id END
       END,
       'calldoc.tasks', 4, 60000, 300000,
       CASE status WHEN 'pending' THEN 'pending' WHEN 'completed' THEN 'succeeded' ELSE 'dead' END,
       CASE WHEN status = 'pending' THEN 0 ELSE 1 END, 2, created_at, created_at, now(), start_time,
       CASE WHEN status = 'running' THEN now() ELSE end_time END,
       processed, total, sealed,
       CASE WHEN status = 'running' THEN 'lease' WHEN status = 'failed' AND error LIKE 'Timeout%' THEN 'deadline'
            WHEN status = 'failed' THEN CASE WHEN error LIKE 'Interrupted%' THEN 'lease' ELSE 'error' END END,
       CASE WHEN status = 'running' THEN 'the service was upgraded while the task was running' ELSE error END
FROM calldoc_sync_task
WHERE status IN ('pending', 'running') OR end_time > now() - interval '5 minutes';

DROP TABLE calldoc_sync_task;
