package org.openhealthexchange.server.jobs;

import java.util.Locale;

/** Where a job is in its life: waiting, claimed by a worker, done, or dead-lettered after its last attempt. */
public enum JobStatus {
    PENDING,
    RUNNING,
    SUCCEEDED,
    DEAD;

    public String dbValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static JobStatus fromDb(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
