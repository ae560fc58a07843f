package org.openhealthexchange.bench;

import java.net.http.HttpRequest;
import java.time.Duration;

/**
 * Webhook ingest against a running server, side by side with a no-op endpoint of the same server: every request is
 * a distinct Withings notification (form-urlencoded, as Withings sends them) that the server authenticates, parses,
 * stores durably (inbox row + dispatch job) and acknowledges with 202.
 *
 * <p>Arguments: base URL, callback token, concurrency, seconds. Run it with {@code modules/bench/webhook-ingest.sh}.
 */
public final class WebhookIngestBench {

    private WebhookIngestBench() {}

    public static void main(String[] args) throws Exception {
        String base = args.length > 0 ? args[0] : "http://localhost:8080";
        String token = args.length > 1 ? args[1] : "local-sandbox-callback-token";
        int concurrency = args.length > 2 ? Integer.parseInt(args[2]) : 32;
        Duration measure = Duration.ofSeconds(args.length > 3 ? Long.parseLong(args[3]) : 20);
        Duration warmUp = Duration.ofSeconds(5);
        long run = System.currentTimeMillis() / 1000;

        LoadDriver driver = new LoadDriver();
        var noop = driver.run(
                "no-op (POST /sandbox/noop)",
                n -> LoadDriver.request(base + "/sandbox/noop")
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "userid=" + (90_000_000 + n) + "&appli=1&startdate=" + run + "&enddate=" + (run + 60)))
                        .build(),
                concurrency,
                warmUp,
                measure);
        var ingest = driver.run(
                "webhook ingest (POST)",
                n -> LoadDriver.request(base + "/webhooks/withings/?token=" + token)
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "userid=" + (90_000_000 + n) + "&appli=1&startdate=" + run + "&enddate=" + (run + 60)))
                        .build(),
                concurrency,
                warmUp,
                measure);
        System.out.println(noop.line());
        System.out.println(ingest.line());
        System.out.printf("ingest / no-op throughput: %.0f %%%n", 100 * ingest.perSecond() / noop.perSecond());
    }
}
