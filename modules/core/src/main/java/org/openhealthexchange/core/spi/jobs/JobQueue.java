package org.openhealthexchange.core.spi.jobs;

import java.util.List;
import java.util.Optional;

/**
 * The server's durable job engine as a provider module sees it: submit work and look it up by the id the provider
 * gave it. The engine claims jobs with leases across every node, enforces uniqueness keys and group limits at the
 * database, runs them on the {@link JobHandler} of their type and keeps finished jobs for their retention.
 */
public interface JobQueue {

    /** Inserts the job unless its uniqueness key is held by an active job or its external id is taken. */
    Submission submit(JobRequest request);

    /** The job of {@code type} with this external id, unless it finished longer than its retention ago. */
    Optional<JobView> find(String type, String externalId);

    /** Every job of {@code type} that is active or finished within its retention, newest first. */
    List<JobView> visible(String type);
}
