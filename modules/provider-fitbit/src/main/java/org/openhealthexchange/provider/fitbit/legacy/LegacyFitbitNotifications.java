package org.openhealthexchange.provider.fitbit.legacy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.openhealthexchange.core.record.DataType;
import org.openhealthexchange.core.spi.InboundRequest;
import org.openhealthexchange.core.spi.MalformedNotificationException;
import org.openhealthexchange.core.spi.SyncRequest;
import org.openhealthexchange.core.spi.WebhookReply;
import org.openhealthexchange.provider.fitbit.config.Fitbit;
import org.openhealthexchange.provider.fitbit.config.FitbitNotificationFormat;
import org.openhealthexchange.provider.fitbit.config.FitbitSettings;

/**
 * Legacy Fitbit subscriber notifications: the verification {@code GET ?verify=<code>} (204 for the configured code,
 * 404 otherwise), and {@code POST}s of a JSON array {@code [{collectionType, date, ownerId, ownerType,
 * subscriptionId}]} signed with {@code X-Fitbit-Signature = base64(HMAC-SHA1(clientSecret + "&", body))}. Refused
 * requests get 404, as Fitbit expects.
 */
public class LegacyFitbitNotifications implements FitbitNotificationFormat {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static final String SIGNATURE_HEADER = "X-Fitbit-Signature";

    /** What a collection update asks OHE to sync; SpO2 and HRV are computed from sleep, so they come with it. */
    static final Map<String, Set<DataType>> COLLECTIONS = Map.of(
            "activities", Set.of(DataType.STEPS, DataType.HEART_RATE),
            "body", Set.of(DataType.WEIGHT),
            "sleep", Set.of(DataType.SLEEP, DataType.OXYGEN_SATURATION, DataType.HEART_RATE_VARIABILITY));

    static final Set<String> REVOCATIONS = Set.of("userRevokedAccess", "deleteUser");

    private final FitbitSettings settings;

    public LegacyFitbitNotifications(FitbitSettings settings) {
        this.settings = settings;
    }

    @Override
    public boolean claims(InboundRequest request) {
        if ("GET".equals(request.method()) && request.queryParam("verify").isPresent()) {
            return true;
        }
        if (request.header(SIGNATURE_HEADER).isPresent()) {
            return true;
        }
        if (!startsWithArray(request.body())) {
            // Only an array can be a legacy update list; the router asks this for every Google notification (an
            // object) several times per request, so those are told apart without parsing.
            return false;
        }
        try {
            JsonNode body = JSON.readTree(request.body());
            return body != null
                    && body.isArray()
                    && body.path(0).isObject()
                    && body.path(0).has("collectionType");
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean startsWithArray(byte[] body) {
        for (byte b : body) {
            if (b != ' '
                    && b != '\t'
                    && b != '\n'
                    && b != '\r'
                    && b != (byte) 0xEF
                    && b != (byte) 0xBB
                    && b != (byte) 0xBF) {
                return b == '[';
            }
        }
        return false;
    }

    @Override
    public Optional<WebhookReply> handshake(InboundRequest request) {
        if (!"GET".equals(request.method())) {
            return Optional.empty();
        }
        Optional<String> verify = request.queryParam("verify");
        if (verify.isEmpty()) {
            return Optional.empty();
        }
        boolean ok = settings.legacy()
                .verificationCode()
                .map(code -> MessageDigest.isEqual(
                        code.getBytes(StandardCharsets.UTF_8), verify.get().getBytes(StandardCharsets.UTF_8)))
                .orElse(false);
        return Optional.of(new WebhookReply(ok ? 204 : 404, "text/plain", ""));
    }

    @Override
    public boolean verify(InboundRequest request) {
        Optional<String> secret = settings.legacy().clientSecret();
        Optional<String> header = request.header(SIGNATURE_HEADER);
        if (secret.isEmpty() || header.isEmpty()) {
            return false;
        }
        byte[] given;
        try {
            given = Base64.getDecoder().decode(header.get().trim());
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(signature(secret.get(), request.body()), given);
    }

    /** {@code HMAC-SHA1(key = clientSecret + "&", body)}, the raw bytes {@code X-Fitbit-Signature} encodes. */
    public static byte[] signature(String clientSecret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec((clientSecret + "&").getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is not available", e);
        }
    }

    @Override
    public int rejectionStatus() {
        return 404;
    }

    /**
     * One request per collection update: the update's date as a UTC day widened by a day each side (the date is the
     * user's local one), or a revocation for {@code userRevokedAccess}/{@code deleteUser}. Unknown collections
     * (foods, meals, …) are skipped.
     */
    @Override
    public List<SyncRequest> parse(InboundRequest request) throws MalformedNotificationException {
        JsonNode body;
        try {
            body = JSON.readTree(request.body());
        } catch (IOException e) {
            throw new MalformedNotificationException("the body is not JSON");
        }
        if (body == null || !body.isArray()) {
            throw new MalformedNotificationException("the body is not a JSON array of collection updates");
        }
        List<SyncRequest> out = new ArrayList<>();
        for (JsonNode update : body) {
            String collection = text(update, "collectionType");
            String owner = text(update, "ownerId");
            String date = text(update, "date");
            String subscription = update.path("subscriptionId").isValueNode()
                    ? update.path("subscriptionId").asText()
                    : "";
            LocalDate day;
            try {
                day = LocalDate.parse(date);
            } catch (DateTimeException e) {
                throw new MalformedNotificationException("not a date: " + date);
            }
            String key = "legacy:" + owner + ":" + collection + ":" + day + ":" + subscription;
            if (REVOCATIONS.contains(collection)) {
                out.add(SyncRequest.revoke(Fitbit.ID, owner, key));
            } else if (COLLECTIONS.containsKey(collection)) {
                out.add(new SyncRequest(
                        Fitbit.ID,
                        owner,
                        day.minusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC),
                        day.plusDays(2).atStartOfDay().toInstant(ZoneOffset.UTC),
                        COLLECTIONS.get(collection),
                        key));
            }
        }
        return out;
    }

    private static String text(JsonNode update, String field) throws MalformedNotificationException {
        JsonNode v = update.path(field);
        if (!v.isTextual() || v.asText().isBlank()) {
            throw new MalformedNotificationException("a collection update lacks " + field);
        }
        return v.asText();
    }
}
