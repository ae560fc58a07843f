package org.openhealthexchange.server.vault;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/** Fails the start-up, not the first link, when no vault key is configured. */
@ApplicationScoped
public class VaultCheck {

    private static final Logger LOG = Logger.getLogger(VaultCheck.class);

    void check(@Observes StartupEvent event, TokenVault vault) {
        LOG.infof("Vault ready, encrypting with key '%s'", vault.activeKeyId());
    }
}
