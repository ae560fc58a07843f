package org.openhealthexchange.provider.withings.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.openhealthexchange.core.spi.InboundRequest;

class WithingsSignatureVerifierTest {

    static final String BODY = "userid=12345&appli=1&startdate=1530576000&enddate=1530698753";
    static final String SECRET = "callback-s3cret";
    static final String SIGNING = "gateway-key";

    final WithingsSignatureVerifier tokenOnly = new WithingsSignatureVerifier(Optional.of(SECRET), Optional.empty());
    final WithingsSignatureVerifier both = new WithingsSignatureVerifier(Optional.of(SECRET), Optional.of(SIGNING));

    @Test
    void theCallbackTokenMustMatchExactly() {
        assertTrue(tokenOnly.verify(request(SECRET, null)));
        assertFalse(tokenOnly.verify(request(null, null)), "missing");
        assertFalse(tokenOnly.verify(request("", null)), "empty");
        assertFalse(tokenOnly.verify(request("callback-s3creT", null)), "last character differs");
        assertFalse(tokenOnly.verify(request("Xallback-s3cret", null)), "first character differs");
        assertFalse(tokenOnly.verify(request(SECRET + "x", null)), "longer");
        assertFalse(tokenOnly.verify(request("callback", null)), "prefix");
    }

    @Test
    void withASigningSecretTheBodySignatureIsRequiredToo() {
        String good = "sha256=" + WithingsSignatureVerifier.hmacHex(SIGNING, BODY.getBytes(StandardCharsets.UTF_8));

        assertTrue(both.verify(request(SECRET, good)));
        assertFalse(both.verify(request(SECRET, null)), "signature missing");
        assertFalse(both.verify(request(null, good)), "token missing");
        assertFalse(both.verify(request(SECRET, good.substring("sha256=".length()))), "prefix missing");
        assertFalse(
                both.verify(request(
                        SECRET,
                        "sha256="
                                + WithingsSignatureVerifier.hmacHex(
                                        "other-key", BODY.getBytes(StandardCharsets.UTF_8)))),
                "signed with another key");
        assertFalse(
                both.verify(new InboundRequest(
                        "POST",
                        Map.of(WithingsSignatureVerifier.SIGNATURE_HEADER, List.of(good)),
                        Map.of("token", List.of(SECRET)),
                        (BODY + "&x=1").getBytes(StandardCharsets.UTF_8))),
                "body changed after signing");
        char last = good.charAt(good.length() - 1);
        assertFalse(
                both.verify(request(SECRET, good.substring(0, good.length() - 1) + (last == '0' ? '1' : '0'))),
                "one hex digit off");
    }

    @Test
    void theHmacIsLowercaseHexOfSha256() {
        // RFC 4231 test case 2.
        assertEquals(
                "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
                WithingsSignatureVerifier.hmacHex(
                        "Jefe", "what do ya want for nothing?".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aSigningSecretAloneChecksOnlyTheSignature() {
        var signingOnly = new WithingsSignatureVerifier(Optional.empty(), Optional.of(SIGNING));
        String good = "sha256=" + WithingsSignatureVerifier.hmacHex(SIGNING, BODY.getBytes(StandardCharsets.UTF_8));

        assertTrue(signingOnly.verify(request(null, good)));
        assertFalse(signingOnly.verify(request(SECRET, null)));
    }

    @Test
    void withNothingConfiguredNothingIsAuthentic() {
        var unconfigured = new WithingsSignatureVerifier(Optional.empty(), Optional.of(""));

        assertFalse(unconfigured.verify(request(null, null)));
        assertFalse(unconfigured.verify(request("", null)));
        assertFalse(unconfigured.verify(request(SECRET, "sha256=")));
    }

    static InboundRequest request(String token, String signature) {
        Map<String, List<String>> headers = new HashMap<>();
        headers.put("Content-Type", List.of("application/x-www-form-urlencoded"));
        if (signature != null) {
            headers.put("x-withings-signature", List.of(signature));
        }
        Map<String, List<String>> query = token == null ? Map.of() : Map.of("token", List.of(token));
        return new InboundRequest("POST", headers, query, BODY.getBytes(StandardCharsets.UTF_8));
    }
}
