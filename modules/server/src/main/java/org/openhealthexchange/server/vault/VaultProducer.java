package org.openhealthexchange.server.vault;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import org.jboss.logging.Logger;
import org.openhealthexchange.server.config.OheConfig;

/**
 * Builds the vault from {@code ohe.vault.keys}. Only where {@code ohe.vault.local-key-file} is set (the local
 * profile) and no key is configured, a key is generated once and kept in that file, so a laptop run needs no setup.
 */
@ApplicationScoped
public class VaultProducer {

    private static final Logger LOG = Logger.getLogger(VaultProducer.class);

    @Produces
    @ApplicationScoped
    TokenVault vault(OheConfig config) {
        List<String> keys = config.vault().keys().orElse(List.of());
        if (keys.isEmpty() && config.vault().localKeyFile().isPresent()) {
            keys = List.of(localKey(Path.of(config.vault().localKeyFile().get())));
        }
        return new TokenVault(keys);
    }

    private static String localKey(Path file) {
        try {
            if (Files.exists(file)) {
                return Files.readString(file, StandardCharsets.US_ASCII).trim();
            }
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            String spec = "local:" + Base64.getEncoder().encodeToString(key);
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, spec, StandardCharsets.US_ASCII);
            LOG.infof("Generated a local vault key in %s", file.toAbsolutePath());
            return spec;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read or create the local vault key " + file, e);
        }
    }
}
