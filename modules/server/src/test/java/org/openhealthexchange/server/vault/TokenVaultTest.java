package org.openhealthexchange.server.vault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class TokenVaultTest {

    private static String key(int fill) {
        byte[] k = new byte[32];
        java.util.Arrays.fill(k, (byte) fill);
        return Base64.getEncoder().encodeToString(k);
    }

    private final TokenVault v1 = new TokenVault(List.of("k1:" + key(1)));

    @Test
    void roundTripsAndNeverShowsThePlaintext() {
        String c = v1.encrypt("access-token-secret");
        assertTrue(c.startsWith("k1:"));
        assertFalse(c.contains("access-token-secret"));
        assertEquals("access-token-secret", v1.decrypt(c));
        assertNotEquals(c, v1.encrypt("access-token-secret"), "a fresh IV per encryption");
    }

    @Test
    void keysRotate() {
        String old = v1.encrypt("t");
        TokenVault rotated = new TokenVault(List.of("k2:" + key(2), "k1:" + key(1)));
        assertEquals("t", rotated.decrypt(old));
        assertTrue(rotated.needsRotation(old));
        assertTrue(rotated.encrypt("t").startsWith("k2:"));
        assertThrows(IllegalStateException.class, () -> v1.decrypt(rotated.encrypt("t")), "unknown key id");
    }

    @Test
    void tamperingIsDetected() {
        String c = v1.encrypt("t");
        byte[] raw = Base64.getDecoder().decode(c.substring(3));
        raw[raw.length - 1] ^= 1;
        assertThrows(
                IllegalStateException.class,
                () -> v1.decrypt("k1:" + Base64.getEncoder().encodeToString(raw)));
        TokenVault sameKeyOtherId = new TokenVault(List.of("k9:" + key(1)));
        assertThrows(
                IllegalStateException.class,
                () -> sameKeyOtherId.decrypt("k9:" + c.substring(3)),
                "the key id is authenticated");
    }

    @Test
    void badKeysAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new TokenVault(List.of()));
        assertThrows(
                IllegalArgumentException.class,
                () -> new TokenVault(List.of("short:" + Base64.getEncoder().encodeToString(new byte[16]))));
        assertThrows(IllegalArgumentException.class, () -> new TokenVault(List.of("nokeyid")));
    }
}
