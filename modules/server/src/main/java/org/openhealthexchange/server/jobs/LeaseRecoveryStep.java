package org.openhealthexchange.server.jobs;

/**
 * Runs on the node that recovered expired leases, right after {@link SyncJobQueue#recoverExpiredLeases()} returned
 * some: what the crashed attempts left behind besides the job row (e.g. their {@code sync_run} ledger).
 */
public interface LeaseRecoveryStep {

    /** {@code count} jobs were just recovered. Failures are logged by the worker and do not stop polling. */
    void leasesRecovered(int count);
}
