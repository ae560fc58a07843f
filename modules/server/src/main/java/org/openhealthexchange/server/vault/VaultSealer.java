package org.openhealthexchange.server.vault;

import jakarta.enterprise.context.ApplicationScoped;
import org.openhealthexchange.core.spi.SecretSealer;

/** The vault as modules see it: what they must store encrypted is sealed with the server's keys. */
@ApplicationScoped
class VaultSealer implements SecretSealer {

    private final TokenVault vault;

    VaultSealer(TokenVault vault) {
        this.vault = vault;
    }

    @Override
    public String seal(String plaintext) {
        return vault.encrypt(plaintext);
    }

    @Override
    public String open(String ciphertext) {
        return vault.decrypt(ciphertext);
    }
}
