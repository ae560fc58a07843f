package org.openhealthexchange.core.spi.jobs;

/**
 * A failure that retrying cannot mend: the job fails at once with {@link JobFailure#ERROR}. The message is stored in
 * plaintext, so it must hold no personal data (put details in the {@link JobContext#result result}).
 */
public class JobFailedException extends Exception {

    public JobFailedException(String message) {
        super(message);
    }

    public JobFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
