package org.openhealthexchange.bench;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Legacy Fitbit notifications against a running server, side by side with a no-op endpoint of the same server: every
 * request is a distinct JSON array update signed with {@code X-Fitbit-Signature} (HMAC-SHA1 with the client secret
 * and {@code &}), which the server verifies in constant time, parses, stores durably and acknowledges with 202.
 * Fitbit wants the answer within 5 s; the p99 shows how far within.
 *
 * <p>Arguments: base URL, client secret, concurrency, seconds. Run it with {@code modules/bench/fitbit-ingest.sh}.
 */
public final class FitbitIngestBench {

    private FitbitIngestBench() {}

    public static void main(String[] args) throws Exception {
        String base = args.length > 0 ? args[0] : "http://localhost:8080";
        String secret = args.length > 1 ? args[1] : "sandbox-secret";
        int concurrency = args.length > 2 ? Integer.parseInt(args[2]) : 16;
        Duration measure = Duration.ofSeconds(args.length > 3 ? Long.parseLong(args[3]) : 20);
        Duration warmUp = Duration.ofSeconds(5);
        LocalDate day = LocalDate.now().minusDays(1);
        ThreadLocal<Mac> macs = ThreadLocal.withInitial(() -> {
            try {
                Mac mac = Mac.getInstance("HmacSHA1");
                mac.init(new SecretKeySpec((secret + "&").getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
                return mac;
            } catch (java.security.GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        });

        LoadDriver driver = new LoadDriver();
        var noop = driver.run(
                "no-op (POST /sandbox/noop)",
                n -> signed(base + "/sandbox/noop", body(n, day), macs),
                concurrency,
                warmUp,
                measure);
        var ingest = driver.run(
                "legacy Fitbit ingest (POST /webhooks/fitbit/)",
                n -> signed(base + "/webhooks/fitbit/", body(n, day), macs),
                concurrency,
                warmUp,
                measure);
        System.out.println(noop.line());
        System.out.println(ingest.line());
        System.out.printf("ingest / no-op throughput: %.0f %%%n", 100 * ingest.perSecond() / noop.perSecond());
    }

    /** A distinct update per request (another owner each time), as Fitbit sends them: a JSON array. */
    private static String body(long n, LocalDate day) {
        return "[{\"collectionType\":\"activities\",\"date\":\"" + day + "\",\"ownerId\":\"BENCH" + n
                + "\",\"ownerType\":\"user\",\"subscriptionId\":\"1\"}]";
    }

    private static HttpRequest signed(String url, String body, ThreadLocal<Mac> macs) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String signature = Base64.getEncoder().encodeToString(macs.get().doFinal(bytes));
        return LoadDriver.request(url)
                .header("Content-Type", "application/json")
                .header("X-Fitbit-Signature", signature)
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
                .build();
    }
}
