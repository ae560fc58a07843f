package org.openhealthexchange.sandbox.withings;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Deterministic pseudo-randomness: every generated value is a pure function of (user, day, kind), so the same
 * request answers the same data on every call, on every node and after every restart.
 */
final class Seeds {

    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private Seeds() {}

    /** A 64-bit seed from the given parts (SHA-256, first eight bytes). */
    static long of(Object... parts) {
        byte[] digest = digest("SHA-256", parts);
        long seed = 0;
        for (int i = 0; i < 8; i++) {
            seed = (seed << 8) | (digest[i] & 0xFF);
        }
        return seed;
    }

    /** The {@code index}-th value of the stream that starts at {@code seed} (SplitMix64). */
    static long mix(long seed, long index) {
        long z = seed + (index + 1) * GOLDEN_GAMMA;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** A double in [0, 1). */
    static double unit(long value) {
        return (value >>> 11) * 0x1.0p-53;
    }

    /** An int in [low, high], both inclusive. */
    static int between(long value, int low, int high) {
        return low + (int) Math.floorMod(value, (long) high - low + 1);
    }

    /** A stable positive id below 2^53 (safe in JSON numbers), as Withings' grpid and sleep ids are. */
    static long id(Object... parts) {
        return 1_000_000_000L + Math.floorMod(of(parts), 8_000_000_000_000L);
    }

    /** A 40-character hex id, the shape of Withings' deviceid. */
    static String hex40(Object... parts) {
        return HexFormat.of().formatHex(digest("SHA-1", parts));
    }

    private static byte[] digest(String algorithm, Object... parts) {
        try {
            MessageDigest md = MessageDigest.getInstance(algorithm);
            for (Object part : parts) {
                md.update(String.valueOf(part).getBytes(StandardCharsets.UTF_8));
                md.update((byte) 0x1F);
            }
            return md.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is required by the JDK", e);
        }
    }
}
