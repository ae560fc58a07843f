package org.openhealthexchange.server.vault;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts secrets at rest (OAuth tokens, vendor keys) with AES-256-GCM. A ciphertext is
 * {@code <key id>:<base64(iv | ciphertext | tag)>}: the key id travels with it, so keys can rotate (new writes use
 * the first key, old ciphertexts stay readable while their key is configured). The key id is bound as associated
 * data, so a ciphertext cannot be re-labelled to another key.
 */
public final class TokenVault {

    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final String activeKeyId;
    private final Map<String, SecretKeySpec> keys;
    private final SecureRandom random = new SecureRandom();

    /** @param keySpecs {@code id:base64key} entries; the first is used for new ciphertexts */
    public TokenVault(List<String> keySpecs) {
        if (keySpecs == null || keySpecs.isEmpty()) {
            throw new IllegalArgumentException("No vault key configured (ohe.vault.keys)");
        }
        Map<String, SecretKeySpec> parsed = new LinkedHashMap<>();
        for (String spec : keySpecs) {
            int colon = spec.indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("A vault key is <id>:<base64 of 32 bytes>");
            }
            byte[] key = Base64.getDecoder().decode(spec.substring(colon + 1).trim());
            if (key.length != 32) {
                throw new IllegalArgumentException(
                        "Vault key " + spec.substring(0, colon) + " must be 32 bytes (AES-256)");
            }
            parsed.put(spec.substring(0, colon).trim(), new SecretKeySpec(key, "AES"));
        }
        this.keys = Map.copyOf(parsed);
        this.activeKeyId = parsed.keySet().iterator().next();
    }

    public String encrypt(String plaintext) {
        if (plaintext == null) {
            return null;
        }
        try {
            byte[] iv = new byte[IV_BYTES];
            random.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, keys.get(activeKeyId), new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(activeKeyId.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[IV_BYTES + sealed.length];
            System.arraycopy(iv, 0, out, 0, IV_BYTES);
            System.arraycopy(sealed, 0, out, IV_BYTES, sealed.length);
            return activeKeyId + ":" + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Encryption failed", e);
        }
    }

    public String decrypt(String ciphertext) {
        if (ciphertext == null) {
            return null;
        }
        int colon = ciphertext.indexOf(':');
        String keyId = keyIdOf(ciphertext);
        SecretKeySpec key = keys.get(keyId);
        if (key == null) {
            throw new VaultDecryptionException(
                    keyId, false, "Ciphertext uses vault key '" + keyId + "', which is not configured", null);
        }
        try {
            byte[] in = Base64.getDecoder().decode(ciphertext.substring(colon + 1));
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, in, 0, IV_BYTES));
            cipher.updateAAD(keyId.getBytes(StandardCharsets.UTF_8));
            return new String(cipher.doFinal(in, IV_BYTES, in.length - IV_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new VaultDecryptionException(
                    keyId, true, "Ciphertext with key '" + keyId + "' could not be decrypted", e);
        }
    }

    /** Whether a ciphertext was written with an older key and should be re-encrypted. */
    public boolean needsRotation(String ciphertext) {
        return ciphertext != null && !ciphertext.startsWith(activeKeyId + ":");
    }

    public String activeKeyId() {
        return activeKeyId;
    }

    /** Whether a key with this id is configured. */
    public boolean hasKey(String keyId) {
        return keys.containsKey(keyId);
    }

    /** The key id a ciphertext names ({@code ""} when it names none). */
    public static String keyIdOf(String ciphertext) {
        int colon = ciphertext.indexOf(':');
        return colon > 0 ? ciphertext.substring(0, colon) : "";
    }
}
