package org.openhealthexchange.server.vault;

/**
 * A ciphertext that this node cannot decrypt: either its key id is not configured here ({@link #keyConfigured()}
 * false: a configuration gap, e.g. a replica without the newest key), or the configured key does not open it (wrong
 * key material under that id, or a damaged value).
 */
public class VaultDecryptionException extends IllegalStateException {

    private final String keyId;
    private final boolean keyConfigured;

    VaultDecryptionException(String keyId, boolean keyConfigured, String message, Throwable cause) {
        super(message, cause);
        this.keyId = keyId;
        this.keyConfigured = keyConfigured;
    }

    public String keyId() {
        return keyId;
    }

    public boolean keyConfigured() {
        return keyConfigured;
    }
}
