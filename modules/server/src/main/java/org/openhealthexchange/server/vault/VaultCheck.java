package org.openhealthexchange.server.vault;

import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * Fails the start-up, not the first link or sync, when no vault key is configured or the configured keys do not
 * match the database ({@link VaultCanary}). Runs after Flyway, which migrates before start-up observers.
 */
@ApplicationScoped
public class VaultCheck {

    private static final Logger LOG = Logger.getLogger(VaultCheck.class);

    void check(@Observes StartupEvent event, TokenVault vault, AgroalDataSource dataSource) {
        try {
            VaultCanary.check(dataSource, vault);
        } catch (VaultCanary.VaultMismatch e) {
            LOG.error(e.getMessage());
            throw e;
        }
        LOG.infof("Vault ready, encrypting with key '%s'", vault.activeKeyId());
    }
}
