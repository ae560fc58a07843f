package org.openhealthexchange.server.jobs;

/** A failure that retrying cannot mend (a revoked grant, an unknown job type): the job is dead-lettered at once. */
public class PermanentJobFailure extends Exception {

    public PermanentJobFailure(String message) {
        super(message);
    }

    public PermanentJobFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
