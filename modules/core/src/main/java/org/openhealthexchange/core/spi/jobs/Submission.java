package org.openhealthexchange.core.spi.jobs;

/**
 * What a {@link JobQueue#submit} did.
 *
 * @param externalId the accepted job's id, or with {@link Outcome#DUPLICATE} the id of the active job that holds the
 *     uniqueness key
 */
public record Submission(Outcome outcome, String externalId) {

    public enum Outcome {
        /** The job was inserted. */
        ACCEPTED,
        /** An active job holds the uniqueness key: nothing was inserted. */
        DUPLICATE,
        /** The external id belongs to another job (active or within its retention): nothing was inserted. */
        ID_TAKEN
    }

    public boolean accepted() {
        return outcome == Outcome.ACCEPTED;
    }
}
