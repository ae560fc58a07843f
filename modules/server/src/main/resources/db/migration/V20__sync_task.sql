-- CallDoc → SQLHK sync tasks of the seed's task API (/api/sync/*). Any replica answers status from here.
CREATE TABLE calldoc_sync_task (
    task_id              VARCHAR(128) PRIMARY KEY,
    kind                 VARCHAR(16)  NOT NULL,          -- patient | day
    piz                  VARCHAR(32),
    sync_date            DATE         NOT NULL,
    appointment_type_id  INTEGER      NOT NULL,
    status               VARCHAR(16)  NOT NULL DEFAULT 'pending',  -- pending | running | completed | failed
    webhook_url          VARCHAR(2048),
    created_at           TIMESTAMPTZ  NOT NULL DEFAULT now(),
    start_time           TIMESTAMPTZ,
    end_time             TIMESTAMPTZ,
    deadline             TIMESTAMPTZ,
    locked_by            VARCHAR(128),
    processed            INTEGER,
    total                INTEGER,
    result               JSON,                           -- json, not jsonb: keeps the seed's key order
    error                TEXT
);
CREATE INDEX calldoc_sync_task_status ON calldoc_sync_task (status, created_at);
CREATE INDEX calldoc_sync_task_end ON calldoc_sync_task (end_time);
-- At most one active task per day (full day) and per piz and day: a duplicate request gets 409 with this task's id.
CREATE UNIQUE INDEX calldoc_sync_task_active_day ON calldoc_sync_task (sync_date, appointment_type_id)
    WHERE kind = 'day' AND status IN ('pending', 'running');
CREATE UNIQUE INDEX calldoc_sync_task_active_patient ON calldoc_sync_task (piz, sync_date, appointment_type_id)
    WHERE kind = 'patient' AND status IN ('pending', 'running');
