package org.openhealthexchange.provider.fitbit.google;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.openhealthexchange.core.http.HttpTimeouts;
import org.openhealthexchange.core.spi.InboundRequest;
import org.openhealthexchange.core.spi.MalformedNotificationException;
import org.openhealthexchange.core.spi.SyncRequest;
import org.openhealthexchange.core.spi.WebhookReply;
import org.openhealthexchange.provider.fitbit.config.Fitbit;
import org.openhealthexchange.provider.fitbit.config.FitbitNotificationFormat;
import org.openhealthexchange.provider.fitbit.config.FitbitSettings;
import org.openhealthexchange.provider.fitbit.google.client.KeysetDownloader;

/**
 * Google Health API webhooks on {@code /webhooks/fitbit/}.
 *
 * <p>Verification (at subscriber creation): {@code POST {"type":"verification"}} with the subscriber secret as the
 * whole {@code Authorization} header → 201, without or with another value → 401. Notifications: the same
 * {@code Authorization} value (constant-time compare) and, when a public keyset is configured (inline JSON or a URL
 * fetched lazily, cached, fetched again once for an unknown key id), a valid {@code X-HEALTHAPI-SIGNATURE} (base64
 * ECDSA P-256 over the raw body, see {@link TinkPublicKeyset}). Without a secret everything is refused.
 *
 * <p>Body: one notification or an array of them, each {@code {"data":{"healthUserId","operation":"UPSERT"|"DELETE",
 * "dataType":"<kebab>","intervals":[{"startTime","endTime"}…]}}}. UPSERT asks for a sync of the union of the
 * intervals, DELETE for a reconciliation of it; data types OHE does not read are skipped. The dedup key is the
 * SHA-256 of the canonical element, so a redelivery is one inbox row.
 */
public class GoogleHealthNotifications implements FitbitNotificationFormat {

    static final String SIGNATURE_HEADER = "X-HEALTHAPI-SIGNATURE";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Refetching the keyset for unknown key ids happens at most this often (a forged id must not flood the URL). */
    private static final Duration REFETCH_INTERVAL = Duration.ofSeconds(30);

    private final FitbitSettings settings;
    private final Clock clock;
    private final KeysetDownloader http;
    private volatile TinkPublicKeyset keyset;
    private volatile Instant lastFetch = Instant.EPOCH;

    public GoogleHealthNotifications(FitbitSettings settings) {
        this(settings, Clock.systemUTC());
    }

    GoogleHealthNotifications(FitbitSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.http = new KeysetDownloader(HttpTimeouts.of(settings.requestTimeout()));
    }

    /** Everything the legacy format did not claim is Google Health's. */
    @Override
    public boolean claims(InboundRequest request) {
        return true;
    }

    @Override
    public Optional<WebhookReply> handshake(InboundRequest request) {
        if (!"POST".equals(request.method()) || !isVerification(request.body())) {
            return Optional.empty();
        }
        return Optional.of(
                authorized(request)
                        ? new WebhookReply(201, "application/json", "{}")
                        : new WebhookReply(401, "application/json", "{\"error\":\"unauthorized\"}"));
    }

    @Override
    public boolean verify(InboundRequest request) {
        if (!authorized(request)) {
            return false;
        }
        var g = settings.google();
        if (g.signingKeyset().isEmpty() && g.signingKeysetUrl().isEmpty()) {
            return true;
        }
        byte[] signature;
        try {
            signature = Base64.getDecoder()
                    .decode(request.header(SIGNATURE_HEADER).orElse("").trim());
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (signature.length == 0) {
            return false;
        }
        TinkPublicKeyset keys = keyset(false);
        if (keys != null && keys.unknownKey(signature) && g.signingKeyset().isEmpty()) {
            keys = keyset(true);
        }
        return keys != null && keys.verify(request.body(), signature);
    }

    @Override
    public int rejectionStatus() {
        return 401;
    }

    @Override
    public List<SyncRequest> parse(InboundRequest request) throws MalformedNotificationException {
        JsonNode root;
        try {
            root = JSON.readTree(request.body());
        } catch (IOException e) {
            throw new MalformedNotificationException("body is not JSON");
        }
        if (root == null || !(root.isObject() || root.isArray())) {
            throw new MalformedNotificationException("body is neither a notification nor an array of them");
        }
        List<SyncRequest> out = new ArrayList<>();
        for (JsonNode element : root.isArray() ? root : List.of(root)) {
            notification(element).ifPresent(out::add);
        }
        return out;
    }

    private static Optional<SyncRequest> notification(JsonNode element) throws MalformedNotificationException {
        JsonNode data = element.path("data");
        String user = text(data, "healthUserId");
        String operation = text(data, "operation");
        String dataType = text(data, "dataType");
        if (user == null || operation == null || dataType == null) {
            throw new MalformedNotificationException("notification lacks healthUserId, operation or dataType");
        }
        SyncRequest.Action action =
                switch (operation.toUpperCase(Locale.ROOT)) {
                    case "UPSERT" -> SyncRequest.Action.SYNC;
                    case "DELETE" -> SyncRequest.Action.DELETE;
                    default -> throw new MalformedNotificationException("unknown operation " + operation);
                };
        Instant start = null;
        Instant end = null;
        JsonNode intervals = data.path("intervals");
        if (!intervals.isArray() || intervals.isEmpty()) {
            throw new MalformedNotificationException("notification without intervals");
        }
        List<String> canonical = new ArrayList<>();
        for (JsonNode i : intervals) {
            Instant s = instant(i, "startTime");
            Instant e = instant(i, "endTime");
            if (e.isBefore(s)) {
                throw new MalformedNotificationException("interval ends before it starts");
            }
            start = start == null || s.isBefore(start) ? s : start;
            end = end == null || e.isAfter(end) ? e : end;
            canonical.add(s + "/" + e);
        }
        if (!end.isAfter(start)) {
            end = start.plusSeconds(1); // a single instant: a one-second window still covers it
        }
        Optional<GoogleDataTypes> type = GoogleDataTypes.ofKebab(dataType);
        if (type.isEmpty()) {
            return Optional.empty(); // a type OHE does not read
        }
        String key = "google-health:"
                + sha256(user + "|" + operation.toUpperCase(Locale.ROOT) + "|" + dataType + "|"
                        + String.join(",", canonical.stream().sorted().toList()));
        return Optional.of(
                new SyncRequest(Fitbit.ID, user, start, end, Set.of(type.get().type()), key, action));
    }

    private boolean authorized(InboundRequest request) {
        Optional<String> secret = settings.google().subscriberSecret();
        Optional<String> given = request.header("Authorization");
        return secret.isPresent()
                && given.isPresent()
                && MessageDigest.isEqual(
                        secret.get().getBytes(StandardCharsets.UTF_8),
                        given.get().getBytes(StandardCharsets.UTF_8));
    }

    private static boolean isVerification(byte[] body) {
        try {
            JsonNode n = JSON.readTree(body);
            return n != null
                    && n.isObject()
                    && "verification".equals(n.path("type").asText());
        } catch (IOException e) {
            return false;
        }
    }

    /** The configured keyset (inline, or fetched); null when it cannot be had, which refuses the request. */
    private TinkPublicKeyset keyset(boolean refetch) {
        var g = settings.google();
        TinkPublicKeyset k = keyset;
        if (k != null && !refetch) {
            return k;
        }
        synchronized (this) {
            if (keyset != null && (keyset != k || !refetch)) {
                return keyset; // another thread loaded it meanwhile
            }
            try {
                if (g.signingKeyset().isPresent()) {
                    keyset = TinkPublicKeyset.parse(g.signingKeyset().get());
                } else if (keyset == null || clock.instant().isAfter(lastFetch.plus(REFETCH_INTERVAL))) {
                    lastFetch = clock.instant();
                    keyset = TinkPublicKeyset.parse(fetch(g.signingKeysetUrl().orElseThrow()));
                }
            } catch (GeneralSecurityException | IOException e) {
                return keyset; // keep the old keyset if any; a first failure refuses
            }
            return keyset;
        }
    }

    private String fetch(String url) throws IOException {
        return http.fetch(url);
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || !v.isTextual() || v.asText().isBlank() ? null : v.asText();
    }

    private static Instant instant(JsonNode node, String field) throws MalformedNotificationException {
        String s = text(node, field);
        if (s == null) {
            throw new MalformedNotificationException("interval lacks " + field);
        }
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            throw new MalformedNotificationException("bad " + field);
        }
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
