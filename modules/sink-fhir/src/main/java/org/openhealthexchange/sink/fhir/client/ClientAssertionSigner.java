package org.openhealthexchange.sink.fhir.client;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;
import java.util.UUID;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.lang.JoseException;

/**
 * The {@code client_assertion} of SMART Backend Services (RFC 7523 private_key_jwt): {@code iss = sub = client id},
 * {@code aud} = token URL, a random {@code jti}, expiring within five minutes, signed RS384 with {@code kid}.
 */
public final class ClientAssertionSigner {

    /** SMART: "exp … no more than five minutes in the future"; a little less absorbs clock skew. */
    static final Duration LIFETIME = Duration.ofMinutes(4);

    private final String clientId;
    private final String tokenUrl;
    private final String keyId;
    private final PrivateKey key;
    private final Clock clock;

    public ClientAssertionSigner(String clientId, String tokenUrl, String keyId, PrivateKey key, Clock clock) {
        this.clientId = Objects.requireNonNull(clientId, "clientId");
        this.tokenUrl = Objects.requireNonNull(tokenUrl, "tokenUrl");
        this.keyId = keyId;
        this.key = Objects.requireNonNull(key, "key");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    String sign() {
        var now = clock.instant();
        var claims = new JwtClaims();
        claims.setIssuer(clientId);
        claims.setSubject(clientId);
        claims.setAudience(tokenUrl);
        claims.setJwtId(UUID.randomUUID().toString());
        claims.setIssuedAt(NumericDate.fromSeconds(now.getEpochSecond()));
        claims.setExpirationTime(NumericDate.fromSeconds(now.plus(LIFETIME).getEpochSecond()));
        var jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(key);
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA384);
        jws.setHeader("typ", "JWT");
        if (keyId != null && !keyId.isBlank()) {
            jws.setKeyIdHeaderValue(keyId);
        }
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException("cannot sign the SMART client assertion: " + e.getMessage(), e);
        }
    }

    /** An RSA private key from PKCS#8 PEM; the message of a failure never contains key material. */
    public static PrivateKey rsaPrivateKey(String pem) {
        var base64 = pem.replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "").replaceAll("\\s", "");
        if (pem.contains("BEGIN RSA PRIVATE KEY")) {
            throw new IllegalArgumentException("ohe.sink.fhir.auth.smart.private-key-pem is PKCS#1; convert it with "
                    + "'openssl pkcs8 -topk8 -nocrypt' to PKCS#8 (-----BEGIN PRIVATE KEY-----)");
        }
        try {
            return KeyFactory.getInstance("RSA")
                    .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw new IllegalArgumentException(
                    "ohe.sink.fhir.auth.smart.private-key-pem is not an RSA private key in PKCS#8 PEM");
        }
    }

    @Override
    public String toString() {
        return "ClientAssertionSigner[clientId=" + clientId + ", tokenUrl=" + tokenUrl + ", kid=" + keyId + "]";
    }
}
