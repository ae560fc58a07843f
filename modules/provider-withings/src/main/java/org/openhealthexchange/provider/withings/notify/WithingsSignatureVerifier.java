package org.openhealthexchange.provider.withings.notify;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.openhealthexchange.core.spi.InboundRequest;

/**
 * Decides whether a notification is ours. Withings signs nothing, so authenticity rests on the secret {@code token}
 * in the callback URL and, when a signing gateway is configured, an HMAC-SHA256 of the raw body. Every configured
 * check must pass; with nothing configured nothing passes. All comparisons are constant time.
 */
public final class WithingsSignatureVerifier {

    public static final String SIGNATURE_HEADER = "X-Withings-Signature";
    static final String SIGNATURE_PREFIX = "sha256=";

    private final Optional<String> callbackSecret;
    private final Optional<String> signingSecret;

    public WithingsSignatureVerifier(Optional<String> callbackSecret, Optional<String> signingSecret) {
        this.callbackSecret = callbackSecret.filter(s -> !s.isEmpty());
        this.signingSecret = signingSecret.filter(s -> !s.isEmpty());
    }

    public boolean verify(InboundRequest request) {
        if (callbackSecret.isEmpty() && signingSecret.isEmpty()) {
            return false;
        }
        // Both checks always run, so the answer time does not reveal which one failed.
        boolean tokenOk = callbackSecret.isEmpty() || tokenMatches(request.queryParam(WithingsCallbackUrl.TOKEN_PARAM));
        boolean signatureOk = signingSecret.isEmpty() || signatureMatches(request);
        return tokenOk & signatureOk;
    }

    private boolean tokenMatches(Optional<String> token) {
        // Comparing digests keeps the time independent of the secret's length as well as its content.
        return MessageDigest.isEqual(sha256(token.orElse("")), sha256(callbackSecret.get())) & token.isPresent();
    }

    private boolean signatureMatches(InboundRequest request) {
        String header = request.header(SIGNATURE_HEADER).orElse("").trim();
        if (!header.regionMatches(true, 0, SIGNATURE_PREFIX, 0, SIGNATURE_PREFIX.length())) {
            return false;
        }
        String given = header.substring(SIGNATURE_PREFIX.length()).toLowerCase(Locale.ROOT);
        String expected = hmacHex(signingSecret.get(), request.body());
        return MessageDigest.isEqual(
                given.getBytes(StandardCharsets.US_ASCII), expected.getBytes(StandardCharsets.US_ASCII));
    }

    /** Lowercase hex HMAC-SHA256, the format a signing gateway puts after {@code sha256=}. */
    public static String hmacHex(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
