package org.openhealthexchange.provider.fitbit.google;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * A Tink public keyset in its JSON form, restricted to what verifies {@code X-HEALTHAPI-SIGNATURE}: ECDSA P-256 with
 * SHA-256 ({@code type.googleapis.com/google.crypto.tink.EcdsaPublicKey}), DER or IEEE P1363 signatures.
 *
 * <p>Each {@code key[].keyData.value} is a base64 {@code EcdsaPublicKey} protobuf (1 version, 2 params {1 hash,
 * 2 curve, 3 encoding}, 3 x, 4 y), read here by a minimal protobuf reader. Output prefixes: {@code TINK} signatures
 * start with {@code 0x01} + the 4-byte big-endian key id, {@code LEGACY}/{@code CRUNCHY} with {@code 0x00} + key id
 * ({@code LEGACY} signs the data followed by one {@code 0x00} byte), {@code RAW} has none. Disabled keys and other
 * key types are ignored.
 */
final class TinkPublicKeyset {

    static final String ECDSA_PUBLIC_KEY = "type.googleapis.com/google.crypto.tink.EcdsaPublicKey";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int HASH_SHA256 = 3;
    private static final int CURVE_P256 = 2;
    private static final int ENCODING_DER = 1;
    private static final int ENCODING_P1363 = 2;

    private enum Prefix {
        TINK,
        LEGACY,
        CRUNCHY,
        RAW
    }

    private record Key(long keyId, Prefix prefix, PublicKey publicKey, boolean der) {}

    private final List<Key> keys;

    private TinkPublicKeyset(List<Key> keys) {
        this.keys = List.copyOf(keys);
    }

    /** Parses the JSON keyset; fails when no usable key is in it. */
    static TinkPublicKeyset parse(String json) throws GeneralSecurityException {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw new GeneralSecurityException("keyset is not JSON");
        }
        List<Key> keys = new ArrayList<>();
        for (JsonNode k : root == null ? JSON.createArrayNode() : root.path("key")) {
            if (!"ENABLED".equals(k.path("status").asText("ENABLED"))
                    || !ECDSA_PUBLIC_KEY.equals(
                            k.path("keyData").path("typeUrl").asText())) {
                continue;
            }
            Prefix prefix;
            try {
                prefix = Prefix.valueOf(k.path("outputPrefixType").asText("TINK"));
            } catch (IllegalArgumentException e) {
                continue;
            }
            byte[] value;
            try {
                value = Base64.getDecoder()
                        .decode(k.path("keyData").path("value").asText(""));
            } catch (IllegalArgumentException e) {
                throw new GeneralSecurityException("keyData.value is not base64");
            }
            keys.add(key(k.path("keyId").asLong(), prefix, value));
        }
        if (keys.isEmpty()) {
            throw new GeneralSecurityException("keyset holds no enabled ECDSA public key");
        }
        return new TinkPublicKeyset(keys);
    }

    /** Whether a prefixed signature names a key this keyset lacks (a reason to fetch the keyset again). */
    boolean unknownKey(byte[] signature) {
        if (signature.length < 5 || (signature[0] != 0x01 && signature[0] != 0x00)) {
            return false;
        }
        long id = keyId(signature);
        return keys.stream().noneMatch(k -> k.prefix != Prefix.RAW && k.keyId == id);
    }

    boolean verify(byte[] data, byte[] signature) {
        for (Key k : keys) {
            byte[] sig = signature;
            byte[] signed = data;
            if (k.prefix != Prefix.RAW) {
                byte marker = k.prefix == Prefix.TINK ? (byte) 0x01 : (byte) 0x00;
                if (signature.length < 5 || signature[0] != marker || keyId(signature) != k.keyId) {
                    continue;
                }
                sig = Arrays.copyOfRange(signature, 5, signature.length);
                if (k.prefix == Prefix.LEGACY) {
                    signed = Arrays.copyOf(data, data.length + 1);
                }
            }
            try {
                Signature v = Signature.getInstance(k.der ? "SHA256withECDSA" : "SHA256withECDSAinP1363Format");
                v.initVerify(k.publicKey);
                v.update(signed);
                if (v.verify(sig)) {
                    return true;
                }
            } catch (GeneralSecurityException | RuntimeException e) {
                // a malformed signature is just not valid
            }
        }
        return false;
    }

    private static long keyId(byte[] s) {
        return ((s[1] & 0xffL) << 24) | ((s[2] & 0xffL) << 16) | ((s[3] & 0xffL) << 8) | (s[4] & 0xffL);
    }

    private static Key key(long keyId, Prefix prefix, byte[] proto) throws GeneralSecurityException {
        ProtoReader r = new ProtoReader(proto);
        byte[] params = null;
        byte[] x = null;
        byte[] y = null;
        while (r.more()) {
            int tag = (int) r.varint();
            switch (tag) {
                case (1 << 3) -> r.varint(); // version
                case (2 << 3) | 2 -> params = r.bytes(); // EcdsaParams
                case (3 << 3) | 2 -> x = r.bytes();
                case (4 << 3) | 2 -> y = r.bytes();
                default -> r.skip(tag & 7);
            }
        }
        if (params == null || x == null || y == null) {
            throw new GeneralSecurityException("EcdsaPublicKey lacks params, x or y");
        }
        int hash = 0;
        int curve = 0;
        int encoding = 0;
        ProtoReader p = new ProtoReader(params);
        while (p.more()) {
            int tag = (int) p.varint();
            switch (tag) {
                case (1 << 3) -> hash = (int) p.varint();
                case (2 << 3) -> curve = (int) p.varint();
                case (3 << 3) -> encoding = (int) p.varint();
                default -> p.skip(tag & 7);
            }
        }
        if (hash != HASH_SHA256 || curve != CURVE_P256 || (encoding != ENCODING_DER && encoding != ENCODING_P1363)) {
            throw new GeneralSecurityException("only ECDSA P-256 / SHA-256 keys are supported");
        }
        AlgorithmParameters ap = AlgorithmParameters.getInstance("EC");
        ap.init(new ECGenParameterSpec("secp256r1"));
        ECParameterSpec spec = ap.getParameterSpec(ECParameterSpec.class);
        PublicKey pk = KeyFactory.getInstance("EC")
                .generatePublic(new ECPublicKeySpec(new ECPoint(new BigInteger(1, x), new BigInteger(1, y)), spec));
        return new Key(keyId, prefix, pk, encoding == ENCODING_DER);
    }

    /** Just enough protobuf wire format: varints, length-delimited fields, skipping fixed-width ones. */
    private static final class ProtoReader {
        private final byte[] buf;
        private int pos;

        ProtoReader(byte[] buf) {
            this.buf = buf;
        }

        boolean more() {
            return pos < buf.length;
        }

        long varint() throws GeneralSecurityException {
            long v = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                if (pos >= buf.length) {
                    throw new GeneralSecurityException("truncated protobuf");
                }
                byte b = buf[pos++];
                v |= (long) (b & 0x7f) << shift;
                if ((b & 0x80) == 0) {
                    return v;
                }
            }
            throw new GeneralSecurityException("bad varint");
        }

        byte[] bytes() throws GeneralSecurityException {
            long len = varint();
            if (len < 0 || len > buf.length - pos) {
                throw new GeneralSecurityException("truncated protobuf");
            }
            byte[] out = Arrays.copyOfRange(buf, pos, pos + (int) len);
            pos += (int) len;
            return out;
        }

        void skip(int wireType) throws GeneralSecurityException {
            switch (wireType) {
                case 0 -> varint();
                case 1 -> pos += 8;
                case 2 -> bytes();
                case 5 -> pos += 4;
                default -> throw new GeneralSecurityException("unsupported protobuf wire type " + wireType);
            }
            if (pos > buf.length) {
                throw new GeneralSecurityException("truncated protobuf");
            }
        }
    }
}
