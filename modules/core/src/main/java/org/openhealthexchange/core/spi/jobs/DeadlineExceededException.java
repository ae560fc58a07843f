package org.openhealthexchange.core.spi.jobs;

/** The attempt ran past its job's deadline: the job fails with {@link JobFailure#DEADLINE}. */
public class DeadlineExceededException extends RuntimeException {

    public DeadlineExceededException() {
        super("deadline exceeded");
    }
}
