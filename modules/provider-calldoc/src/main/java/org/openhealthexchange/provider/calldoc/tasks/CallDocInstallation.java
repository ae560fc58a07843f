package org.openhealthexchange.provider.calldoc.tasks;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
import org.openhealthexchange.core.spi.connections.OrganisationConnections;
import org.openhealthexchange.provider.calldoc.CallDocConfig;

/**
 * The CallDoc installation as a connection of its organisation ({@code ohe.provider.calldoc.installation-id}): CallDoc
 * authenticates nothing (it answers inside the practice's network), so the connection holds no secret, and its
 * {@value #APPOINTMENTS} stream records the end of the last practice day a full-day task synced completely.
 */
@ApplicationScoped
class CallDocInstallation {

    static final String APPOINTMENTS = "appointments";

    private final OrganisationConnections connections;
    private final CallDocConfig config;

    CallDocInstallation(OrganisationConnections connections, CallDocConfig config) {
        this.connections = connections;
        this.config = config;
    }

    /** A full day's task completed: the day counts as synced up to its end in the practice's zone. */
    void daySynced(LocalDate day) {
        long id = connections.ensure(
                CallDocSyncRunner.PROVIDER,
                config.installationId(),
                config.installationId(),
                OrganisationConnections.noCredential());
        connections.synced(
                id,
                APPOINTMENTS,
                day.plusDays(1).atStartOfDay(config.practiceZone()).toInstant());
    }
}
