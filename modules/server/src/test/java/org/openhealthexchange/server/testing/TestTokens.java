package org.openhealthexchange.server.testing;

import io.smallrye.jwt.build.Jwt;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

/**
 * Signed bearer tokens for tests. The RSA key is derived from a fixed seed, so the server (configured with the
 * public key by {@link TestServices}) and the tests derive the same pair without sharing state or files.
 */
public final class TestTokens {

    public static final String ISSUER = "https://issuer.ohe.test";
    private static final KeyPair KEYS = derive("ohe-test-oidc-signing-key");

    private TestTokens() {}

    /** A token granting the given ehr_user_ids ({@code *} = all), valid for five minutes. */
    public static String forUsers(String... ehrUserIds) {
        return Jwt.issuer(ISSUER)
                .subject("integrator-test")
                .claim("ehr_user_ids", List.of(ehrUserIds))
                .expiresIn(Duration.ofMinutes(5))
                .sign(KEYS.getPrivate());
    }

    public static String expired(String... ehrUserIds) {
        Instant past = Instant.now().minus(Duration.ofHours(2));
        return Jwt.issuer(ISSUER)
                .subject("integrator-test")
                .claim("ehr_user_ids", List.of(ehrUserIds))
                .issuedAt(past)
                .expiresAt(past.plus(Duration.ofMinutes(5)))
                .sign(KEYS.getPrivate());
    }

    /** A well-formed token signed by a key the server does not trust. */
    public static String signedByStranger(String... ehrUserIds) {
        return Jwt.issuer(ISSUER)
                .subject("integrator-test")
                .claim("ehr_user_ids", List.of(ehrUserIds))
                .expiresIn(Duration.ofMinutes(5))
                .sign(derive("someone-else").getPrivate());
    }

    static String publicKeyBase64() {
        return Base64.getEncoder().encodeToString(KEYS.getPublic().getEncoded());
    }

    private static KeyPair derive(String seed) {
        try {
            SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
            random.setSeed(seed.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048, random);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
