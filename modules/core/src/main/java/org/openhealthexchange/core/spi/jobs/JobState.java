package org.openhealthexchange.core.spi.jobs;

/** Where a job is: waiting, claimed by a worker, finished well, or failed for good. */
public enum JobState {
    PENDING,
    RUNNING,
    SUCCEEDED,
    FAILED;

    public boolean finished() {
        return this == SUCCEEDED || this == FAILED;
    }
}
