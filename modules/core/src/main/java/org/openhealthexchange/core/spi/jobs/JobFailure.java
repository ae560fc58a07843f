package org.openhealthexchange.core.spi.jobs;

/** Why a job {@link JobState#FAILED failed}. */
public enum JobFailure {
    /** Its handler failed (the last attempt, or a {@link JobFailedException}). */
    ERROR,
    /** An attempt ran past the job's deadline. */
    DEADLINE,
    /** Its worker stopped renewing the lease (crash, kill, lost database) on the last attempt. */
    LEASE_EXPIRED
}
