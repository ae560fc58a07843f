package org.openhealthexchange.server.archfixture;

import org.openhealthexchange.server.connections.ProviderConnection;

/** A deliberate violation for ArchitectureTest: a class that deactivates a connection by writing its fields. */
public class DeactivatesAConnectionDirectly {

    public void deactivate(ProviderConnection connection) {
        connection.active = false;
        connection.deactivatedReason = "gone";
    }
}
