package org.openhealthexchange.core.spi;

/**
 * Encrypts what a module must store at rest but not in plaintext (the server's vault: AES-256-GCM with key ids and
 * rotation). Ciphertexts stored by a module are its own to keep; the server re-encrypts only the columns it knows.
 */
public interface SecretSealer {

    String seal(String plaintext);

    /** The plaintext; an {@link IllegalStateException} (naming the key id only) when it cannot be decrypted. */
    String open(String ciphertext);
}
